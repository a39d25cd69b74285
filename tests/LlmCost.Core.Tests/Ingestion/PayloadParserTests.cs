using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Tests.Ingestion
{
    /// <summary>Each provider's payload (fixtures shaped as the providers document them), with a hand-computed cost.</summary>
    public class PayloadParserTests
    {
        internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "payloads", name));

        private static decimal Cost(ParsedUsage p)
        {
            var price = PriceCatalog.Builtin.FindPrice(p.Provider, p.Model!, p.Timestamp ?? new DateTime(2025, 10, 1, 0, 0, 0, DateTimeKind.Utc));
            Assert.NotNull(price);
            return CostCalculator.Calculate(p.Tokens, price!, p.IsBatch).Total;
        }

        [Fact]
        public void OpenAiChat_CachedTokensAreInsidePromptTokens()
        {
            var p = PayloadParser.Parse(Fixture("openai-chat.json"))!;
            Assert.Equal("openai-chat", p.Source);
            Assert.Equal("gpt-4o-2024-08-06", p.Model);
            Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", p.RequestId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1748772000).UtcDateTime, p.Timestamp);
            Assert.Equal((2006L, 1920L, 300L), (p.Tokens.InputTokens, p.Tokens.CacheReadTokens, p.Tokens.OutputTokens));
            // 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615
            Assert.Equal(0.005615m, Cost(p));
        }

        [Fact]
        public void OpenAiChat_ReasoningIsInsideCompletionTokens()
        {
            var p = PayloadParser.Parse(Fixture("openai-chat-reasoning.json"))!;
            Assert.Equal(2000, p.Tokens.ReasoningTokens);
            Assert.Equal(2500, p.Tokens.OutputTokens);
            // 500 x 1.10 + 2500 x 4.40 = 11550 -> $0.01155
            Assert.Equal(0.01155m, Cost(p));
        }

        [Fact]
        public void OpenAiResponses()
        {
            var p = PayloadParser.Parse(Fixture("openai-responses.json"))!;
            Assert.Equal("openai-responses", p.Source);
            Assert.Equal("openai", p.Provider);
            Assert.Equal(0.005615m, Cost(p)); // same counts as example 1
        }

        [Fact]
        public void OpenAiBatchOutput_BodyUsageAtBatchPrice_ErrorsSkipped()
        {
            var lines = Fixture("openai-batch-output.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            using var ok = JsonDocument.Parse(lines[0]);
            var p = PayloadParser.ParseDocument(ok.RootElement)!;
            Assert.True(p.IsBatch);
            Assert.Equal("openai-batch", p.Source);
            // (10000 x 0.15 + 1000 x 0.60) x 0.5 = 1050 -> $0.00105
            Assert.Equal(0.00105m, Cost(p));
            using var failed = JsonDocument.Parse(lines[1]);
            Assert.Null(PayloadParser.ParseDocument(failed.RootElement));
        }

        [Fact]
        public void AnthropicMessage_CacheIsAddedToInput_OneHourWritesSeparate()
        {
            var p = PayloadParser.Parse(Fixture("anthropic-message.json"))!;
            Assert.Equal("anthropic", p.Provider);
            Assert.Equal((61000L, 50000L, 0L, 10000L, 2000L), (p.Tokens.InputTokens, p.Tokens.CacheReadTokens, p.Tokens.CacheWrite5mTokens, p.Tokens.CacheWrite1hTokens, p.Tokens.OutputTokens));
            // 1000 x 3 + 50000 x 0.30 + 10000 x 6 + 2000 x 15 = 108000 -> $0.108
            Assert.Equal(0.108m, Cost(p));
        }

        [Fact]
        public void AnthropicMessage_WithoutBreakdown_AllCacheWritesAreFiveMinute()
        {
            var p = PayloadParser.Parse(Fixture("anthropic-message-no-breakdown.json"))!;
            Assert.Equal(4000, p.Tokens.CacheWrite5mTokens);
            // 200 x 1 + 4000 x 1.25 + 100 x 5 = 5700 -> $0.0057
            Assert.Equal(0.0057m, Cost(p));
        }

        [Fact]
        public void Gemini_ThoughtsAreAddedToCandidates_TierAppliesToAll()
        {
            var p = PayloadParser.Parse(Fixture("gemini-generate-content.json"))!;
            Assert.Equal("google", p.Provider);
            Assert.Equal("gemini-2.5-pro", p.Model);
            Assert.Equal("mAitaLmkHPPlz7IPvtfUqQ4", p.RequestId);
            Assert.Equal((250000L, 50000L, 4000L, 3000L), (p.Tokens.InputTokens, p.Tokens.CacheReadTokens, p.Tokens.OutputTokens, p.Tokens.ReasoningTokens));
            // above 200k: 200000 x 2.50 + 50000 x 0.25 + 4000 x 15 = 572500 -> $0.5725
            Assert.Equal(0.5725m, Cost(p));
        }

        [Fact]
        public void Groq()
        {
            var p = PayloadParser.Parse(Fixture("groq-chat.json"))!;
            Assert.Equal("groq", p.Provider);
            // 1200 x 0.59 + 300 x 0.79 = 945 -> $0.000945
            Assert.Equal(0.000945m, Cost(p));
        }

        [Fact]
        public void OpenTelemetry_InputIncludesTheCache()
        {
            var p = PayloadParser.Parse(Fixture("otel-span.json"))!;
            Assert.Equal("opentelemetry", p.Source);
            Assert.Equal("anthropic", p.Provider);
            Assert.Equal("claude-haiku-4-5-20251001", p.Model);
            Assert.Equal((4200L, 4000L), (p.Tokens.InputTokens, p.Tokens.CacheWrite5mTokens));
            Assert.Equal(200, p.Tokens.UncachedInputTokens);
            // 200 x 1 + 4000 x 1.25 + 100 x 5 = 5700 -> $0.0057
            Assert.Equal(0.0057m, Cost(p));
        }

        [Fact]
        public void OpenTelemetry_OtlpKeyValueArrays()
        {
            const string otlp = "{\"attributes\":[{\"key\":\"gen_ai.system\",\"value\":{\"stringValue\":\"openai\"}},{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}}," +
                                "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"2006\"}},{\"key\":\"gen_ai.usage.cache_read.input_tokens\",\"value\":{\"intValue\":\"1920\"}}," +
                                "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"300\"}}]}";
            Assert.Equal(0.005615m, Cost(PayloadParser.Parse(otlp)!));
        }

        [Fact]
        public void OpenAiStream_UsesTheFinalUsageChunk()
        {
            var p = PayloadParser.Parse(Fixture("openai-stream.sse"))!;
            Assert.Equal("openai-chat-stream", p.Source);
            Assert.Equal(0.005615m, Cost(p));
        }

        [Fact]
        public void AnthropicStream_MessageStartPlusTheLastMessageDelta()
        {
            var p = PayloadParser.Parse(Fixture("anthropic-stream.sse"))!;
            Assert.Equal("msg_stream_1", p.RequestId);
            Assert.Equal("claude-sonnet-4-5-20250929", p.Model);
            Assert.Equal(2000, p.Tokens.OutputTokens); // the last snapshot, not 1 or 1500
            Assert.Equal(0.108m, Cost(p));
        }

        [Fact]
        public void GroqStream_UsesXGroqUsage()
        {
            var p = PayloadParser.Parse(Fixture("groq-stream.sse"))!;
            Assert.Equal("groq", p.Provider);
            Assert.Equal(0.000945m, Cost(p));
        }

        [Fact]
        public void GeminiStream_KeepsTheLastUsageMetadata()
        {
            var p = PayloadParser.Parse(Fixture("gemini-stream.sse"))!;
            Assert.Equal(4000, p.Tokens.OutputTokens);
            Assert.Equal(0.5725m, Cost(p));
        }

        [Theory]
        [InlineData("{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":\"many\",\"completion_tokens\":1}}", "usage.prompt_tokens")]
        [InlineData("{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":1}}", "usage.prompt_tokens")]
        [InlineData("{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10}}", "usage.completion_tokens")]
        [InlineData("{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":20}}}", "CacheReadTokens")]
        public void BadPayloads_NameTheField(string json, string field)
        {
            var ex = Assert.Throws<UsageFormatException>(() => PayloadParser.Parse(json));
            Assert.Equal("InvalidUsagePayload", ex.ErrorId);
            Assert.Contains(field, ex.Message + " " + ex.Field);
        }

        [Fact]
        public void PayloadWithoutUsage_IsNotAnError()
        {
            Assert.Null(PayloadParser.Parse("{\"object\":\"list\",\"data\":[]}"));
        }

        [Fact]
        public void AModelAndUsageObjectWithoutItsEnvelope_IsReadWithTheProviderGiven_OrByItsFieldNames()
        {
            // cost-rules example 6's counts in Anthropic's convention: input 200 + cache write 4000 = all input 4200.
            const string bare = "{\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":200,\"cache_creation_input_tokens\":4000,\"cache_read_input_tokens\":0,\"output_tokens\":100}}";
            var withHint = PayloadParser.Parse(bare, "anthropic")!;
            Assert.Equal(("anthropic", "claude-haiku-4-5-20251001", 4200L, 4000L, 100L), (withHint.Provider, withHint.Model, withHint.Tokens.InputTokens, withHint.Tokens.CacheWrite5mTokens, withHint.Tokens.OutputTokens));
            var byFields = PayloadParser.Parse(bare)!; // cache_creation_input_tokens: Anthropic's field names
            Assert.Equal(4200L, byFields.Tokens.InputTokens);

            // An OpenAI chat usage object: prompt_tokens includes the cached ones.
            var chat = PayloadParser.Parse("{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,\"prompt_tokens_details\":{\"cached_tokens\":1920}}}", "openai")!;
            Assert.Equal(("openai", 2006L, 1920L, 300L), (chat.Provider, chat.Tokens.InputTokens, chat.Tokens.CacheReadTokens, chat.Tokens.OutputTokens));

            // Nothing to say which convention input_tokens follows: not guessed.
            Assert.Null(PayloadParser.Parse("{\"model\":\"x\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}"));
        }

        [Fact]
        public void OpenAiResponses_CacheWrites_AndAnthropicThinking_AreRead()
        {
            var responses = PayloadParser.Parse("{\"id\":\"resp_1\",\"object\":\"response\",\"model\":\"gpt-5\",\"usage\":{\"input_tokens\":5000," +
                                                "\"input_tokens_details\":{\"cached_tokens\":1000,\"cache_write_tokens\":3000},\"output_tokens\":200,\"output_tokens_details\":{\"reasoning_tokens\":50}}}")!;
            // The writes are part of input_tokens: 5000 all input = 1000 read + 3000 written + 1000 uncached.
            Assert.Equal((5000L, 1000L, 3000L, 1000L), (responses.Tokens.InputTokens, responses.Tokens.CacheReadTokens, responses.Tokens.CacheWrite5mTokens, responses.Tokens.UncachedInputTokens));

            var thinking = PayloadParser.Parse("{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":100," +
                                               "\"output_tokens\":900,\"output_tokens_details\":{\"thinking_tokens\":600}}}")!;
            Assert.Equal((900L, 600L), (thinking.Tokens.OutputTokens, thinking.Tokens.ReasoningTokens)); // thinking is inside output_tokens
        }

        [Fact]
        public void ServiceTiers_BilledAtBatchRates_AreBatch_OthersAreNot()
        {
            var pricer = new Pricing.RequestPricer(new Pricing.PriceBook(Pricing.PriceCatalog.Builtin));
            decimal Cost(ParsedUsage p) => pricer.Price(p.ToRecord(new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc))).Cost!.Value;

            // OpenAI flex ("Tokens are priced at Batch API rates"), corpus body openai-chat/10: o4-mini 1.1 / 0.275 / 4.4 $ per M,
            // 1,500 input of which 1,024 cached, 2,200 output: 476 x 1.1 + 1,024 x 0.275 + 2,200 x 4.4 = 10,485.2 -> $0.0104852,
            // at batch rates half: $0.0052426.
            var flex = PayloadParser.Parse(File.ReadAllText(Path.Combine(ResponseCorpus.Folder, "openai-chat", "10-flex-tier.json")))!;
            Assert.True(flex.IsBatch);
            Assert.Equal(0.0052426m, Cost(flex));

            // Anthropic batch results carry usage.service_tier "batch": claude-sonnet-4-5 3 / 15, 1,000 in, 100 out =
            // 3,000 + 1,500 = $0.0045, half: $0.00225.
            var batch = PayloadParser.Parse("{\"id\":\"msg_b\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100,\"service_tier\":\"batch\"}}")!;
            Assert.True(batch.IsBatch);
            Assert.Equal(0.00225m, Cost(batch));

            // Priority and standard are not batch; Groq's flex is priced as on-demand (its own extractor has no such rule).
            Assert.False(PayloadParser.Parse(File.ReadAllText(Path.Combine(ResponseCorpus.Folder, "openai-responses", "08-long-cached.json")))!.IsBatch);
            Assert.False(PayloadParser.Parse(File.ReadAllText(Path.Combine(ResponseCorpus.Folder, "anthropic", "01-basic.json")))!.IsBatch);
            Assert.False(PayloadParser.Parse(File.ReadAllText(Path.Combine(ResponseCorpus.Folder, "groq", "01-llama-70b.json")).Replace("\"on_demand\"", "\"flex\""))!.IsBatch);
        }
    }
}
