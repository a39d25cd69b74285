using System;
using System.Collections.Generic;
using System.Globalization;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Demo
{
    /// <summary>
    /// A deterministic, realistic month of usage (June 2025, UTC) across OpenAI, Anthropic, Google and Groq:
    /// several sessions and models, prompt caching, a context tier, batch jobs, the o3 price change of 2025-06-10
    /// and one model no catalog knows. The "hand-check" session repeats cost-rules.md examples 1, 6 and 7.
    /// </summary>
    public static class DemoWorkload
    {
        public static readonly DateTime MonthStartUtc = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>Examples 1 + 6 + 7 of cost-rules.md: 0.005615 + 0.0057 + 0.000945.</summary>
        public const decimal HandCheckSessionCost = 0.01226m;

        public static IEnumerable<UsageRecord> Generate(int seed = 2025)
        {
            var rng = new Random(seed);
            int n = 0;
            string NextId() => "demo-" + (++n).ToString("D6", CultureInfo.InvariantCulture);

            for (int day = 0; day < 30; day++)
            {
                DateTime date = MonthStartUtc.AddDays(day);
                bool weekend = date.DayOfWeek == DayOfWeek.Saturday || date.DayOfWeek == DayOfWeek.Sunday;
                double load = weekend ? 0.4 : 1.0;

                // Customer-support bot: small prompts with a cached system prompt.
                for (int i = 0; i < (int)(40 * load) + rng.Next(10); i++)
                {
                    long prompt = 1500 + rng.Next(1500);
                    long cached = rng.Next(2) == 0 ? 1024 : 0;
                    yield return Rec(NextId(), "openai", "gpt-4o-mini", At(date, rng), "support-bot",
                        new TokenUsage(prompt, 100 + rng.Next(300), cacheReadTokens: cached), "support");
                }

                // Code review with Claude: large cached repository context.
                for (int i = 0; i < (int)(15 * load) + rng.Next(5); i++)
                {
                    long read = 30000 + rng.Next(50000);
                    long write = rng.Next(4) == 0 ? 5000 + rng.Next(5000) : 0;
                    long fresh = 500 + rng.Next(2500);
                    yield return Rec(NextId(), "anthropic", "claude-sonnet-4-20250514", At(date, rng), "code-review",
                        new TokenUsage(fresh + read + write, 500 + rng.Next(1500), cacheReadTokens: read, cacheWrite5mTokens: write), "engineering");
                }

                // Research agent on o3: reasoning-heavy; the price drops on 2025-06-10.
                for (int i = 0; i < (int)(8 * load) + rng.Next(3); i++)
                {
                    long output = 2000 + rng.Next(6000);
                    yield return Rec(NextId(), "openai", "o3-2025-04-16", At(date, rng), "research-agent",
                        new TokenUsage(3000 + rng.Next(7000), output, reasoningTokens: output * 3 / 4), "research");
                }

                // Document Q&A on Gemini: flash for most questions, pro for long documents (some above the 200k tier).
                for (int i = 0; i < (int)(20 * load) + rng.Next(5); i++)
                {
                    long thoughts = rng.Next(800);
                    yield return Rec(NextId(), "google", "gemini-2.5-flash", At(date, rng), "doc-qa",
                        new TokenUsage(4000 + rng.Next(12000), 300 + rng.Next(700) + thoughts, reasoningTokens: thoughts), "support");
                }

                for (int i = 0; i < 4 + rng.Next(3); i++)
                {
                    long prompt = rng.Next(3) == 0 ? 210000 + rng.Next(60000) : 40000 + rng.Next(100000);
                    long thoughts = 500 + rng.Next(2500);
                    yield return Rec(NextId(), "google", "models/gemini-2.5-pro", At(date, rng), "doc-qa",
                        new TokenUsage(prompt, 800 + rng.Next(1500) + thoughts, cacheReadTokens: prompt / 4, reasoningTokens: thoughts), "research");
                }

                // Low-latency chat on Groq.
                for (int i = 0; i < (int)(30 * load) + rng.Next(10); i++)
                {
                    yield return Rec(NextId(), "groq", "llama-3.3-70b-versatile", At(date, rng), "fast-chat",
                        new TokenUsage(800 + rng.Next(2000), 150 + rng.Next(500)), "support");
                }

                // Nightly batch summaries at half price.
                DateTime night = date.AddHours(2);
                for (int i = 0; i < 60; i++)
                {
                    var r = Rec(NextId(), "openai", "gpt-4o-mini", night.AddSeconds(i * 20), "nightly-batch",
                        new TokenUsage(6000 + rng.Next(6000), 400 + rng.Next(400)), "batch");
                    r.IsBatch = true;
                    yield return r;
                }

                // An in-house model nobody prices: stored as unpriced, never as $0.
                if (!weekend)
                {
                    yield return Rec(NextId(), null, "acme-llm-7b-ft", At(date, rng), "experiments", new TokenUsage(1200, 300), "research");
                }
            }

            // The hand-check session (cost-rules.md examples 1, 6 and 7 on 2025-06-15).
            DateTime hc = new DateTime(2025, 6, 15, 12, 0, 0, DateTimeKind.Utc);
            yield return Rec("hand-check-1", "openai", "gpt-4o-2024-08-06", hc, "hand-check", new TokenUsage(2006, 300, cacheReadTokens: 1920), null);
            yield return Rec("hand-check-2", "anthropic", "claude-haiku-4-5-20251001", hc.AddMinutes(1), "hand-check",
                TokenUsage.FromAnthropic(200, 0, 4000, null, null, 100), null);
            yield return Rec("hand-check-3", "groq", "llama-3.3-70b-versatile", hc.AddMinutes(2), "hand-check", new TokenUsage(1200, 300), null);
        }

        private static DateTime At(DateTime date, Random rng) => date.AddSeconds(6 * 3600 + rng.Next(16 * 3600));

        private static UsageRecord Rec(string id, string? provider, string model, DateTime at, string session, TokenUsage tokens, string? tag) =>
            new UsageRecord(provider, model, at, tokens)
            {
                RequestId = id,
                SessionId = session,
                Source = "demo",
                Tags = tag == null ? null : new[] { tag },
            };
    }
}
