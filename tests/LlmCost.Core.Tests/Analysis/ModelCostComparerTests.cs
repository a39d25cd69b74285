using System;
using System.Linq;
using LlmCost.Core.Analysis;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Analysis
{
    /// <summary>
    /// What-if pricing, hand-checked. Catalog prices (USD per million tokens): gpt-4o 2.5 input, 1.25 cache read, 10
    /// output; gpt-4o-mini 0.15 / 0.075 / 0.6; gemini-2.5-pro 1.25 / 0.125 / 10, and above 200k input tokens the whole
    /// request at 2.5 / 0.25 / 15; batch: half. The scope, session "w":
    ///   q1 gpt-4o 100,000 in / 10,000 out: 0.1 x 2.5 + 0.01 x 10 = 0.25 + 0.1 = $0.35
    ///   q2 gpt-4o 250,000 in / 1,000 out: 0.625 + 0.01 = $0.635
    ///   q3 acme-x (no price) 1,000 in / 100 out: stored unpriced
    /// </summary>
    public sealed class ModelCostComparerTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly ICostStore _store;

        public ModelCostComparerTests()
        {
            _store = CostStores.Open(_dir.File("whatif.db"));
            var at = Utc.At(2025, 9, 1, 12);
            _store.RecordMany(new[]
            {
                new UsageRecord("openai", "gpt-4o", at, new TokenUsage(100_000, 10_000)) { RequestId = "q1", SessionId = "w" },
                new UsageRecord("openai", "gpt-4o", at.AddMinutes(1), new TokenUsage(250_000, 1_000)) { RequestId = "q2", SessionId = "w" },
                new UsageRecord("acme", "acme-x", at.AddMinutes(2), new TokenUsage(1_000, 100)) { RequestId = "q3", SessionId = "w" },
                new UsageRecord("openai", "gpt-4o", at, new TokenUsage(5, 5)) { RequestId = "other", SessionId = "elsewhere" },
            });
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private ModelCostComparison One(params WhatIfScenario[] s) =>
            ModelCostComparer.Compare(_store, new CostQuery { Sessions = new[] { "w" } }, s).Single();

        [Fact]
        public void CheaperModel_PricedRequestByRequest()
        {
            // gpt-4o-mini: q1 0.1 x 0.15 + 0.01 x 0.6 = 0.021; q2 0.25 x 0.15 + 0.001 x 0.6 = 0.0381; together 0.0591
            // against 0.985 stored: -0.9259, -94.00 %. q3: gpt-4o-mini prices it, but it is stored unpriced.
            var c = One(WhatIfScenario.Parse("gpt-4o-mini"));
            Assert.Equal((3L, 2L, 0.0591m, 0.985m, -0.9259m, -94.00m), (c.Requests, c.Compared, c.Cost, c.ActualCost, c.Difference, c.DifferencePercent));
            Assert.Equal((0L, 1L), (c.NotPriced, c.StoredUnpriced));
        }

        [Fact]
        public void ContextTier_AppliesToTheRequestAboveIt_NotToTheTotal()
        {
            // gemini-2.5-pro: q1 (100k, below the tier) 0.1 x 1.25 + 0.01 x 10 = 0.225; q2 (250k, above) 0.25 x 2.5 +
            // 0.001 x 15 = 0.64; together 0.865, -0.12 against 0.985 = -12.18 %. Priced on the total (350k) both would be
            // at the tier: 0.35 x 2.5 + 0.011 x 15 = 1.04.
            var c = One(WhatIfScenario.Parse("google/gemini-2.5-pro"));
            Assert.Equal((0.865m, -0.12m, -12.18m), (c.Cost, c.Difference, c.DifferencePercent));
            Assert.Equal("google/gemini-2.5-pro", c.Alternative);
        }

        [Fact]
        public void Batch_AndCacheHitRate_OnTheSameModels()
        {
            // Batch, same models: 0.985 / 2 = 0.4925.
            var batch = One(new WhatIfScenario { Batch = true });
            Assert.Equal((0.4925m, "same models batch"), (batch.Cost, batch.Alternative));
            // Half the input from the cache, gpt-4o: q1 50,000 x 2.5 + 50,000 x 1.25 + 10,000 x 10 = 0.125 + 0.0625 + 0.1
            // = 0.2875; q2 125,000 x 2.5 + 125,000 x 1.25 + 1,000 x 10 = 0.3125 + 0.15625 + 0.01 = 0.47875; 0.76625.
            var cached = One(new WhatIfScenario { CacheHitRate = 0.5m });
            Assert.Equal((0.76625m, -0.21875m, "same models cache 50%"), (cached.Cost, cached.Difference, cached.Alternative));
            // Both on gpt-4o-mini: (0.0591 with half of the input at 0.075 instead of 0.15) q1 0.0075 + 0.00375 + 0.006 =
            // 0.01725; q2 0.01875 + 0.009375 + 0.0006 = 0.028725; 0.045975, halved for batch: 0.0229875.
            var both = One(new WhatIfScenario { Model = "gpt-4o-mini", Batch = true, CacheHitRate = 0.5m });
            Assert.Equal(0.0229875m, both.Cost);
        }

        [Fact]
        public void UnknownAlternative_IsNotPricedWithTheReason_NeverZero()
        {
            var c = One(WhatIfScenario.Parse("acme-y"));
            Assert.Equal((3L, 0L, 0m), (c.NotPriced, c.Compared, c.Cost));
            Assert.Contains(c.Reasons, r => r.Contains("acme-y", StringComparison.Ordinal));
            Assert.Null(c.DifferencePercent);
        }

        [Fact]
        public void CacheHitRate_KeepsWritesAsFarAsTheInputAllows_AndIsCheckedAt0To1()
        {
            // 1,000 input with 300 written for 5 minutes and 200 for an hour; 90 % read: 900 read, 100 left for writes.
            var t = ModelCostComparer.WithCacheHitRate(new TokenUsage(1_000, 10, 0, 300, 200), 0.9m);
            Assert.Equal((900L, 100L, 0L), (t.CacheReadTokens, t.CacheWrite5mTokens, t.CacheWrite1hTokens));
            Assert.Equal("InvalidCacheHitRate", Assert.Throws<LlmCostException>(() => One(new WhatIfScenario { CacheHitRate = 1.5m })).ErrorId);
        }
    }
}
