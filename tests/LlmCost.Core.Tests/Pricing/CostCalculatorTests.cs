using System;
using LlmCost.Core;
using LlmCost.Core.Money;
using LlmCost.Core.Pricing;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>The eight worked examples of cost-rules.md, with the hand calculation next to each, plus the classic bugs.</summary>
    public class CostCalculatorTests
    {
        private static ModelPrice Price(decimal input, decimal output, decimal? read = null, decimal? w5 = null, decimal? w1 = null, decimal? batch = null) =>
            new ModelPrice("test", "m", new PriceSet { Input = input, Output = output, CacheRead = read, CacheWrite5m = w5, CacheWrite1h = w1 })
            {
                BatchMultiplier = batch,
            };

        [Fact]
        public void Example1_Gpt4o_CachedTokensAtCachedPrice()
        {
            // gpt-4o 2.50 in / 1.25 cached / 10.00 out; prompt 2006 incl. 1920 cached; completion 300.
            // (2006-1920)=86 x 2.50 + 1920 x 1.25 + 300 x 10 = 215 + 2400 + 3000 = 5615 -> /1e6 = $0.005615
            var cost = CostCalculator.Calculate(new TokenUsage(2006, 300, cacheReadTokens: 1920), Price(2.50m, 10m, 1.25m));
            Assert.Equal(0.005615m, cost.Total);
        }

        [Fact]
        public void Example2_ClaudeSonnet45_OneHourCacheWrite()
        {
            // input_tokens 1000 (excl. cache) + cache_read 50000 + ephemeral_1h 10000 -> input_total 61000 (< 200k: base tier)
            // 1000 x 3 + 50000 x 0.30 + 10000 x 6 + 2000 x 15 = 3000 + 15000 + 60000 + 30000 = 108000 -> $0.108
            var usage = TokenUsage.FromAnthropic(inputTokens: 1000, cacheReadTokens: 50000, cacheCreationTokens: 10000, ephemeral5m: 0, ephemeral1h: 10000, outputTokens: 2000);
            Assert.Equal(61000, usage.InputTokens);
            var price = Price(3m, 15m, 0.30m, 3.75m, 6m);
            price.Tiers = new[] { new PriceTier(200000, new PriceSet { Input = 6m, Output = 22.5m, CacheRead = 0.6m, CacheWrite5m = 7.5m, CacheWrite1h = 12m }) };
            var cost = CostCalculator.Calculate(usage, price);
            Assert.Null(cost.TierThreshold);
            Assert.Equal(0.108m, cost.Total);
        }

        [Fact]
        public void Example3_Gemini25Pro_TierAppliesToWholeRequest()
        {
            // promptTokenCount 250000 incl. 50000 cached; candidates 1000 + thoughts 3000 = output 4000. 250000 > 200000: tier for all.
            // 200000 x 2.50 + 50000 x 0.25 + 4000 x 15 = 500000 + 12500 + 60000 = 572500 -> $0.5725
            var price = Price(1.25m, 10m, 0.125m);
            price.Tiers = new[] { new PriceTier(200000, new PriceSet { Input = 2.5m, Output = 15m, CacheRead = 0.25m }) };
            var cost = CostCalculator.Calculate(new TokenUsage(250000, 4000, cacheReadTokens: 50000, reasoningTokens: 3000), price);
            Assert.Equal(200000, cost.TierThreshold);
            Assert.Equal(0.5725m, cost.Total);
        }

        [Fact]
        public void Tier_IsStrictlyGreaterThanThreshold()
        {
            // Exactly 200000 input tokens stays on the base tier: 200000 x 1.25 = 250000 -> $0.25
            var price = Price(1.25m, 10m);
            price.Tiers = new[] { new PriceTier(200000, new PriceSet { Input = 2.5m, Output = 15m }) };
            Assert.Equal(0.25m, CostCalculator.Calculate(new TokenUsage(200000, 0), price).Total);
            // 200001 tokens: every token at 2.50 (not marginal) -> 200001 x 2.5 = 500002.5 -> $0.5000025
            Assert.Equal(0.5000025m, CostCalculator.Calculate(new TokenUsage(200001, 0), price).Total);
        }

        [Fact]
        public void Example4_O4Mini_ReasoningNotAddedTwice()
        {
            // 500 x 1.10 + 2500 x 4.40 = 550 + 11000 = 11550 -> $0.01155 (reasoning 2000 is inside the 2500)
            var cost = CostCalculator.Calculate(new TokenUsage(500, 2500, reasoningTokens: 2000), Price(1.10m, 4.40m));
            Assert.Equal(0.01155m, cost.Total);
        }

        [Fact]
        public void Example5_Gpt4oMini_BatchHalfPrice()
        {
            // (10000 x 0.15 + 1000 x 0.60) x 0.5 = (1500 + 600) x 0.5 = 1050 -> $0.00105
            var cost = CostCalculator.Calculate(new TokenUsage(10000, 1000), Price(0.15m, 0.60m, batch: 0.5m), isBatch: true);
            Assert.Equal(0.00105m, cost.Total);
            Assert.Equal(0.5m, cost.BatchMultiplier);
            // The same request outside a batch: 2100 -> $0.0021
            Assert.Equal(0.0021m, CostCalculator.Calculate(new TokenUsage(10000, 1000), Price(0.15m, 0.60m, batch: 0.5m)).Total);
        }

        [Fact]
        public void Example6_ClaudeHaiku45_CacheCreationWithoutBreakdownIsFiveMinute()
        {
            // input_tokens 200 + cache_creation 4000 (no breakdown -> 5m) ; 200 x 1 + 4000 x 1.25 + 100 x 5 = 200 + 5000 + 500 = 5700 -> $0.0057
            var usage = TokenUsage.FromAnthropic(200, 0, 4000, null, null, 100);
            Assert.Equal(4000, usage.CacheWrite5mTokens);
            Assert.Equal(4200, usage.InputTokens);
            Assert.Equal(0.0057m, CostCalculator.Calculate(usage, Price(1m, 5m, 0.10m, 1.25m, 2m)).Total);
        }

        [Fact]
        public void AnthropicBreakdownSummingToLess_RestIsFiveMinute()
        {
            // cache_creation 5000 with ephemeral_1h 3000 and no 5m figure -> 2000 are 5-minute.
            var usage = TokenUsage.FromAnthropic(100, 0, 5000, null, 3000, 10);
            Assert.Equal(2000, usage.CacheWrite5mTokens);
            Assert.Equal(3000, usage.CacheWrite1hTokens);
            Assert.Equal(5100, usage.InputTokens);
        }

        [Fact]
        public void Example7_GroqLlama33()
        {
            // 1200 x 0.59 + 300 x 0.79 = 708 + 237 = 945 -> $0.000945
            Assert.Equal(0.000945m, CostCalculator.Calculate(new TokenUsage(1200, 300), Price(0.59m, 0.79m)).Total);
        }

        [Fact]
        public void Example8_O3_PriceHistoryByRequestDate()
        {
            // before 2025-06-10: 1000 x 10 + 1000 x 40 = 50000 -> $0.05; after: 1000 x 2 + 1000 x 8 = 10000 -> $0.01
            var catalogO3 = PriceCatalog.Builtin.Resolve("openai", "o3");
            Assert.NotNull(catalogO3);
            var before = catalogO3!.PriceAt(new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc))!;
            var after = catalogO3.PriceAt(new DateTime(2025, 6, 11, 0, 0, 0, DateTimeKind.Utc))!;
            Assert.Equal(0.05m, CostCalculator.Calculate(new TokenUsage(1000, 1000), before).Total);
            Assert.Equal(0.01m, CostCalculator.Calculate(new TokenUsage(1000, 1000), after).Total);
        }

        [Fact]
        public void CachedTokensAreNotBilledAtFullInputPrice()
        {
            // 1000 input, all 1000 cached at 0.5 (input 5): 1000 x 0.5 = 500 -> $0.0005, not 1000 x 5.
            Assert.Equal(0.0005m, CostCalculator.Calculate(new TokenUsage(1000, 0, cacheReadTokens: 1000), Price(5m, 0m, 0.5m)).Total);
        }

        [Fact]
        public void MissingCachePrices_FallBackToInputAndFiveMinute()
        {
            // No cache prices: read and 5m write at input (2), 1h write at the 5m fallback (2). 4000 x 2 = 8000 -> $0.008
            var usage = new TokenUsage(4000, 0, cacheReadTokens: 1000, cacheWrite5mTokens: 1000, cacheWrite1hTokens: 1000);
            Assert.Equal(0.008m, CostCalculator.Calculate(usage, Price(2m, 0m)).Total);
        }

        [Fact]
        public void SeparateReasoningRate_RepricesOnlyTheReasoningPart()
        {
            // output 1000 of which 400 reasoning; output 10, reasoning 20: 600 x 10 + 400 x 20 = 14000 -> $0.014
            var price = Price(0m, 10m);
            price.Base.Reasoning = 20m;
            Assert.Equal(0.014m, CostCalculator.Calculate(new TokenUsage(0, 1000, reasoningTokens: 400), price).Total);
        }

        [Fact]
        public void PerRequestFee_IsAdded()
        {
            // 1000 x 1 = 1000 -> $0.001, plus $0.005 per request = $0.006
            var price = Price(1m, 0m);
            price.Base.PerRequest = 0.005m;
            Assert.Equal(0.006m, CostCalculator.Calculate(new TokenUsage(1000, 0), price).Total);
        }

        [Fact]
        public void NoFloatNoise()
        {
            // 0.0016150000000000001 is the classic float result; decimals give the exact 0.001615.
            // 323 x 5 = 1615 -> $0.001615
            var cost = CostCalculator.Calculate(new TokenUsage(323, 0), Price(5m, 0m)).Total;
            Assert.Equal("0.001615", cost.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        [Theory]
        [InlineData(-1, 0, 0, 0, 0, 0, "InputTokens")]
        [InlineData(10, -5, 0, 0, 0, 0, "OutputTokens")]
        [InlineData(10, 0, 11, 0, 0, 0, "CacheReadTokens")]
        [InlineData(10, 0, 5, 3, 3, 0, "CacheWrite1hTokens")]
        [InlineData(10, 5, 0, 0, 0, 6, "ReasoningTokens")]
        public void InconsistentCounts_AreRefusedNamingTheFields(long input, long output, long read, long w5, long w1, long reasoning, string field)
        {
            var usage = new TokenUsage(input, output, read, w5, w1, reasoning);
            var ex = Assert.Throws<InvalidUsageException>(() => CostCalculator.Calculate(usage, Price(1m, 1m)));
            Assert.Contains(field, ex.Fields);
            Assert.Contains(field, ex.Message);
            Assert.Equal("InvalidTokenCounts", ex.ErrorId);
        }

        [Fact]
        public void Nano_RoundsHalfAwayFromZero()
        {
            Assert.Equal(38, Nano.FromDecimal(0.0000000375m));
            Assert.Equal(-38, Nano.FromDecimal(-0.0000000375m));
            Assert.Equal(37, Nano.FromDecimal(0.0000000374m));
            Assert.Equal(0.075m, Nano.ToDecimal(75_000_000));
        }
    }
}
