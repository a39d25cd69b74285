using System;
using System.Collections.Generic;

namespace LlmCost.Core.Usage
{
    /// <summary>
    /// The six normalised counts of one request (docs/cost-rules.md). <see cref="InputTokens"/> is all input,
    /// cached or not; the cache counts are parts of it. <see cref="OutputTokens"/> includes <see cref="ReasoningTokens"/>.
    /// </summary>
    public readonly struct TokenUsage : IEquatable<TokenUsage>
    {
        /// <summary>Token counts of one request, following docs/cost-rules.md: input is all input (cached parts included), output all output (reasoning included).</summary>
        public TokenUsage(long inputTokens, long outputTokens, long cacheReadTokens = 0, long cacheWrite5mTokens = 0,
            long cacheWrite1hTokens = 0, long reasoningTokens = 0)
        {
            InputTokens = inputTokens;
            OutputTokens = outputTokens;
            CacheReadTokens = cacheReadTokens;
            CacheWrite5mTokens = cacheWrite5mTokens;
            CacheWrite1hTokens = cacheWrite1hTokens;
            ReasoningTokens = reasoningTokens;
        }

        /// <summary>All input tokens, including the cache reads and writes below.</summary>
        public long InputTokens { get; }
        /// <summary>Input tokens read from the prompt cache (part of InputTokens).</summary>
        public long CacheReadTokens { get; }
        /// <summary>Input tokens written to a 5-minute prompt cache (part of InputTokens).</summary>
        public long CacheWrite5mTokens { get; }
        /// <summary>Input tokens written to a 1-hour prompt cache (part of InputTokens).</summary>
        public long CacheWrite1hTokens { get; }
        /// <summary>All output tokens, including reasoning.</summary>
        public long OutputTokens { get; }
        /// <summary>Reasoning (thinking) tokens, part of OutputTokens.</summary>
        public long ReasoningTokens { get; }

        /// <summary>The largest count one request may carry (10^12): anything above is a corrupt or hostile value, refused.</summary>
        public const long MaxCount = 1_000_000_000_000L;

        /// <summary>Input tokens billed at the plain input price.</summary>
        public long UncachedInputTokens => InputTokens - CacheReadTokens - CacheWrite5mTokens - CacheWrite1hTokens;

        /// <summary>
        /// The one Anthropic mapping (every Anthropic parser uses it): input_tokens excludes the cache, so all input is
        /// input + cache reads + cache writes; cache_creation_input_tokens is all writes, of which the 1-hour ones are
        /// <paramref name="ephemeral1h"/> and the rest 5-minute (without a breakdown, all are 5-minute).
        /// <paramref name="ephemeral5m"/> is implied by the other two and not needed. Throws
        /// <see cref="InvalidUsageException"/> when the 1-hour writes exceed all writes.
        /// </summary>
        public static TokenUsage FromAnthropic(long inputTokens, long cacheReadTokens, long cacheCreationTokens,
            long? ephemeral5m, long? ephemeral1h, long outputTokens, long thinkingTokens = 0)
        {
            long oneHour = ephemeral1h ?? 0;
            long fiveMin = cacheCreationTokens - oneHour;
            if (fiveMin < 0)
            {
                throw new InvalidUsageException("cache_creation.ephemeral_1h_input_tokens exceeds cache_creation_input_tokens", "CacheWrite1hTokens");
            }

            return new TokenUsage(inputTokens + cacheReadTokens + cacheCreationTokens, outputTokens, cacheReadTokens, fiveMin, oneHour, thinkingTokens);
        }

        /// <summary>Throws <see cref="InvalidUsageException"/> naming the fields when counts are negative or inconsistent.</summary>
        public void Validate()
        {
            // One unsigned comparison per count catches both negative and absurd values before any arithmetic on them.
            if ((ulong)InputTokens <= MaxCount && (ulong)CacheReadTokens <= MaxCount && (ulong)CacheWrite5mTokens <= MaxCount &&
                (ulong)CacheWrite1hTokens <= MaxCount && (ulong)OutputTokens <= MaxCount && (ulong)ReasoningTokens <= MaxCount &&
                UncachedInputTokens >= 0 && ReasoningTokens <= OutputTokens)
            {
                return;
            }

            var tooLarge = new List<string>();
            if (InputTokens > MaxCount) tooLarge.Add(nameof(InputTokens));
            if (CacheReadTokens > MaxCount) tooLarge.Add(nameof(CacheReadTokens));
            if (CacheWrite5mTokens > MaxCount) tooLarge.Add(nameof(CacheWrite5mTokens));
            if (CacheWrite1hTokens > MaxCount) tooLarge.Add(nameof(CacheWrite1hTokens));
            if (OutputTokens > MaxCount) tooLarge.Add(nameof(OutputTokens));
            if (ReasoningTokens > MaxCount) tooLarge.Add(nameof(ReasoningTokens));
            if (tooLarge.Count > 0)
            {
                throw new InvalidUsageException($"Token counts above {MaxCount:N0} (a trillion) per request are not real usage: " + string.Join(", ", tooLarge) + ".", tooLarge.ToArray());
            }

            var negative = new List<string>();
            if (InputTokens < 0) negative.Add(nameof(InputTokens));
            if (CacheReadTokens < 0) negative.Add(nameof(CacheReadTokens));
            if (CacheWrite5mTokens < 0) negative.Add(nameof(CacheWrite5mTokens));
            if (CacheWrite1hTokens < 0) negative.Add(nameof(CacheWrite1hTokens));
            if (OutputTokens < 0) negative.Add(nameof(OutputTokens));
            if (ReasoningTokens < 0) negative.Add(nameof(ReasoningTokens));
            if (negative.Count > 0)
            {
                throw new InvalidUsageException("Token counts must not be negative: " + string.Join(", ", negative) + ".", negative.ToArray());
            }

            if (UncachedInputTokens < 0)
            {
                throw new InvalidUsageException(
                    $"CacheReadTokens ({CacheReadTokens}) + CacheWrite5mTokens ({CacheWrite5mTokens}) + CacheWrite1hTokens ({CacheWrite1hTokens}) " +
                    $"exceed InputTokens ({InputTokens}); InputTokens must count all input, cached or not.",
                    nameof(InputTokens), nameof(CacheReadTokens), nameof(CacheWrite5mTokens), nameof(CacheWrite1hTokens));
            }

            if (ReasoningTokens > OutputTokens)
            {
                throw new InvalidUsageException(
                    $"ReasoningTokens ({ReasoningTokens}) exceed OutputTokens ({OutputTokens}); OutputTokens must include reasoning.",
                    nameof(OutputTokens), nameof(ReasoningTokens));
            }
        }

        /// <summary>The sum of these counts and <paramref name="other"/>.</summary>
        public TokenUsage Add(TokenUsage other) => new TokenUsage(
            InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CacheReadTokens + other.CacheReadTokens,
            CacheWrite5mTokens + other.CacheWrite5mTokens, CacheWrite1hTokens + other.CacheWrite1hTokens,
            ReasoningTokens + other.ReasoningTokens);

        /// <summary>True when every count is equal.</summary>
        public bool Equals(TokenUsage other) =>
            InputTokens == other.InputTokens && CacheReadTokens == other.CacheReadTokens &&
            CacheWrite5mTokens == other.CacheWrite5mTokens && CacheWrite1hTokens == other.CacheWrite1hTokens &&
            OutputTokens == other.OutputTokens && ReasoningTokens == other.ReasoningTokens;

        /// <summary>True when <paramref name="obj"/> is a TokenUsage with every count equal.</summary>
        public override bool Equals(object? obj) => obj is TokenUsage other && Equals(other);

        /// <summary>A hash of the counts.</summary>
        public override int GetHashCode()
        {
            unchecked
            {
                long h = InputTokens;
                h = h * 31 + CacheReadTokens;
                h = h * 31 + CacheWrite5mTokens;
                h = h * 31 + CacheWrite1hTokens;
                h = h * 31 + OutputTokens;
                h = h * 31 + ReasoningTokens;
                return (int)(h ^ (h >> 32));
            }
        }

        /// <summary>The counts as text, for logs.</summary>
        public override string ToString() =>
            $"in={InputTokens} (read={CacheReadTokens}, w5m={CacheWrite5mTokens}, w1h={CacheWrite1hTokens}) out={OutputTokens} (reasoning={ReasoningTokens})";
    }
}
