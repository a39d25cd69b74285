using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Analysis;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Analysis
{
    /// <summary>
    /// Each recommendation rule on a seeded store (a real SQLite file), numbers worked by hand from the catalog's prices
    /// (USD per million tokens): gpt-4o 2.5 input / 1.25 cache read / 10 output (no cache-write price: writes at input);
    /// gpt-4o-mini 0.15 / 0.6; claude-sonnet-4-5 3 / 0.3 read / 3.75 5-minute write / 6 1-hour write / 15, and above
    /// 200k input 6 / 22.5; claude-haiku-4-5 1 / 5; batch half price. The window is September 2025; a month's saving
    /// is the window's × 30.4375 / the days from the window's first request (its day) to the window's end, 1 October.
    /// </summary>
    public sealed class CostRecommenderTests : IDisposable
    {
        private static readonly DateTime Start = Utc.At(2025, 9, 1);
        private readonly TempDir _dir = new TempDir();
        private readonly ICostStore _store;

        public CostRecommenderTests()
        {
            _store = CostStores.Open(_dir.File("advice.db"));
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private IReadOnlyList<CostRecommendation> Recommend(decimal minimum = 0m, ModelStepDowns? steps = null) =>
            CostRecommender.Recommend(_store, new CostQuery { Since = Start, Until = Start.AddDays(30) },
                new RecommendationOptions { MinimumMonthlySaving = minimum, StepDowns = steps ?? ModelStepDowns.Builtin });

        private void Seed(string? session, string provider, string model, DateTime at, long input, long output, long read = 0, long write5m = 0, bool batch = false, string? tag = null, string? id = null)
        {
            _store.RecordMany(new[]
            {
                new UsageRecord(provider, model, at, new TokenUsage(input, output, read, write5m, 0, 0))
                {
                    RequestId = id ?? Guid.NewGuid().ToString("N"), SessionId = session, IsBatch = batch, Tags = tag == null ? null : new[] { tag },
                },
            });
        }

        /// <summary>A session of <paramref name="count"/> requests, <paramref name="every"/> apart.</summary>
        private void Steady(string session, int count, TimeSpan every, string provider, string model, long input, long output, bool batch = false, string? tag = null)
        {
            for (int i = 0; i < count; i++) Seed(session, provider, model, Start.AddDays(3).AddTicks(every.Ticks * i), input, output, batch: batch, tag: tag);
        }

        [Fact]
        public void CheaperModel_FiresPerModel_WithTheTierAppliedPerRequest()
        {
            // gpt-4o (dated id), 10 x 100,000 in / 10,000 out: each 0.25 + 0.1 = 0.35, together 3.5. On gpt-4o-mini:
            // each 0.015 + 0.006 = 0.021, together 0.21. Saving 3.29, a month 3.29 x 30.4375 / 30 = 3.337979.
            for (int i = 0; i < 10; i++) Seed(null, "openai", "gpt-4o-2024-08-06", Start.AddDays(i), 100_000, 10_000);
            // claude-sonnet-4-5, one request of 250,000 in / 2,000 out, above the 200k tier: 1.5 + 0.045 = 1.545. On
            // claude-haiku-4-5 (no tier): 0.25 + 0.01 = 0.26. Saving 1.285, a month 1.303740.
            Seed(null, "anthropic", "claude-sonnet-4-5-20250929", Start.AddDays(2), 250_000, 2_000);
            // No step down below gpt-4o-mini, none known for acme: silent.
            Seed(null, "openai", "gpt-4o-mini", Start.AddDays(4), 100_000, 10_000);
            Seed(null, "acme", "acme-7b", Start.AddDays(4), 100_000, 10_000);

            var recs = Recommend().Where(r => r.Kind == RecommendationKind.CheaperModel).ToList();
            Assert.Equal(new[] { "model openai/gpt-4o", "model anthropic/claude-sonnet-4-5" }, recs.Select(r => r.Scope));
            var gpt = recs[0];
            Assert.Equal((10L, 3.5m, 0.21m, 3.29m, 3.337979m), (gpt.Requests, gpt.Cost, gpt.EstimatedCost, gpt.Saving, gpt.MonthlySaving));
            Assert.Equal("Try openai/gpt-4o-mini (the family's small tier)", gpt.Suggestion);
            Assert.Contains("10 requests from 2025-09-01 to 2025-09-10 cost $3.50 on gpt-4o; the same tokens on gpt-4o-mini cost $0.21 (-94.0%)", gpt.Evidence);
            var sonnet = recs[1];
            Assert.Equal((1L, 1.545m, 0.26m, 1.303740m), (sonnet.Requests, sonnet.Cost, sonnet.EstimatedCost, sonnet.MonthlySaving));
            Assert.Equal((1, 2), (gpt.Rank, sonnet.Rank));
        }

        [Fact]
        public void CheaperModel_NeverSuggestsAModelTheCatalogDoesNotPrice()
        {
            Seed(null, "openai", "gpt-4o", Start.AddDays(1), 100_000, 10_000);
            var steps = new ModelStepDowns(new[] { new ModelStepDown { Provider = "openai", From = new[] { "gpt-4o" }, To = "gpt-4o-imaginary", Why = "none" } });
            Assert.Empty(Recommend(steps: steps));
        }

        [Fact]
        public void Batch_FiresForASteadySessionOnly()
        {
            // "nightly": 24 requests 10 minutes apart on claude-sonnet-4-5, 10,000 in / 1,000 out: each 0.03 + 0.015 =
            // 0.045, together 1.08; in batch half, 0.54. The first request is on 4 September: 27 days to 1 October, so a
            // month saves 0.54 x 30.4375 / 27 = 0.608750.
            Steady("nightly", 24, TimeSpan.FromMinutes(10), "anthropic", "claude-sonnet-4-5", 10_000, 1_000);
            // Silent: gaps of 1 and 30 minutes in turn (they vary by 97 % of their mean); tagged interactive; too few
            // requests to call the rate steady; already batch.
            for (int i = 0; i < 24; i++) Seed("chat", "anthropic", "claude-sonnet-4-5", Start.AddDays(5).AddMinutes((i / 2) * 31 + (i % 2)), 10_000, 1_000);
            Steady("tagged", 24, TimeSpan.FromMinutes(10), "anthropic", "claude-sonnet-4-5", 10_000, 1_000, tag: "interactive");
            Steady("short", 10, TimeSpan.FromMinutes(10), "anthropic", "claude-sonnet-4-5", 10_000, 1_000);
            Steady("already", 24, TimeSpan.FromMinutes(10), "anthropic", "claude-sonnet-4-5", 10_000, 1_000, batch: true);

            var batch = Assert.Single(Recommend(), r => r.Kind == RecommendationKind.Batch);
            Assert.Equal(("session nightly", "nightly", 24L, 1.08m, 0.54m, 0.608750m), (batch.Scope, batch.SessionId, batch.Requests, batch.Cost, batch.EstimatedCost, batch.MonthlySaving));
            Assert.Equal(("anthropic", "claude-sonnet-4-5"), (batch.Provider, batch.Model));
            Assert.Contains("24 requests over 3h 50m, one every 10m 0s (gaps vary by 0%), none tagged interactive: $1.08 as sent, $0.54 as batch requests.", batch.Evidence);
            // Under the default minimum of $1 a month it is left out.
            Assert.DoesNotContain(CostRecommender.Recommend(_store, new CostQuery { Since = Start, Until = Start.AddDays(30) }), r => r.Kind == RecommendationKind.Batch);
        }

        [Fact]
        public void Batch_FiresForASessionOnASchedule()
        {
            // "etl": on 3 days, 10 gpt-4o-mini requests a minute apart from 02:00 UTC (the day-long pauses make the gaps
            // anything but steady). 100,000 in / 10,000 out: 0.015 + 0.006 = 0.021 each, 30 x = 0.63; batch 0.315. From
            // the first request (11 September) to 1 October is 20 days: a month, 0.315 x 30.4375 / 20 = 0.479391 (rounded).
            // Silent: "office", the same requests spread over 09:00 to 14:00 on 3 days.
            for (int day = 0; day < 3; day++)
            {
                for (int i = 0; i < 10; i++)
                {
                    Seed("etl", "openai", "gpt-4o-mini", Start.AddDays(10 + day).AddHours(2).AddMinutes(i), 100_000, 10_000);
                    Seed("office", "openai", "gpt-4o-mini", Start.AddDays(10 + day).AddHours(9).AddMinutes(31 * i), 100_000, 10_000);
                }
            }

            var batch = Assert.Single(Recommend(), r => r.Kind == RecommendationKind.Batch);
            Assert.Equal(("session etl", 30L, 0.63m, 0.315m, 0.479391m), (batch.Scope, batch.Requests, batch.Cost, batch.EstimatedCost, batch.MonthlySaving));
            Assert.StartsWith("30 requests on 3 days, all between 02:00 and 02:59 UTC, none tagged interactive", batch.Evidence);
        }

        [Fact]
        public void PromptCaching_FiresWhereLargeInputIsNeverCached()
        {
            // "agent": 12 gpt-4o requests a minute apart, 20,000 in / 500 out: each 0.05 + 0.005 = 0.055, together 0.66.
            // Cached: the first writes 20,000 (at the input price: gpt-4o has no write price) = 0.055; the other 11 read
            // them: 0.025 + 0.005 = 0.03 each, 0.33. Estimate 0.385, saving 0.275. The first request is on 4 September,
            // 27 days to 1 October: a month 0.275 x 30.4375 / 27 = 0.310012.
            Steady("agent", 12, TimeSpan.FromMinutes(1), "openai", "gpt-4o", 20_000, 500);
            // "agent-a": 12 claude-sonnet-4-5 requests a minute apart, the first 30,000 in and the others 40,000 in, 1,000
            // out each: 0.09 + 0.015 = 0.105, then 11 x (0.12 + 0.015) = 1.485; together 1.59. The prefix is the
            // smallest input, 30,000: the first writes it, 30,000 x 3.75 = 0.1125 + 0.015 = 0.1275; the others read it,
            // 10,000 x 3 + 30,000 x 0.3 + 1,000 x 15 = 0.03 + 0.009 + 0.015 = 0.054, x 11 = 0.594. Estimate 0.7215,
            // saving 0.8685, a month 0.8685 x 30.4375 / 27 = 0.979073.
            Seed("agent-a", "anthropic", "claude-sonnet-4-5", Start.AddDays(3), 30_000, 1_000);
            for (int i = 1; i < 12; i++) Seed("agent-a", "anthropic", "claude-sonnet-4-5", Start.AddDays(3).AddMinutes(i), 40_000, 1_000);
            // Silent: already reads the cache; inputs under 1,024 tokens; requests 10 minutes apart (every one would
            // write again: gpt-4o writes at the input price, so no saving).
            for (int i = 0; i < 12; i++) Seed("cached", "openai", "gpt-4o", Start.AddDays(4).AddMinutes(i), 20_000, 500, read: i == 0 ? 0 : 15_000);
            Steady("small", 12, TimeSpan.FromMinutes(1), "openai", "gpt-4o", 500, 500);
            Steady("sparse", 12, TimeSpan.FromMinutes(10), "openai", "gpt-4o", 20_000, 500);

            var caching = Recommend().Where(r => r.Kind == RecommendationKind.PromptCaching).ToList();
            Assert.Equal(new[] { "session agent-a", "session agent" }, caching.Select(r => r.Scope));
            Assert.Equal((12L, 1.59m, 0.7215m, 0.979073m), (caching[0].Requests, caching[0].Cost, caching[0].EstimatedCost, caching[0].MonthlySaving));
            Assert.Equal((12L, 0.66m, 0.385m, 0.310012m), (caching[1].Requests, caching[1].Cost, caching[1].EstimatedCost, caching[1].MonthlySaving));
            Assert.Contains("If the first 30,000 tokens (the smallest request's input) repeat", caching[0].Evidence);
        }

        [Fact]
        public void LongerCacheWrites_FireWhereTheCacheIsWrittenAgainWithinTheHour()
        {
            // "slow-agent", claude-sonnet-4-5, 50,000 in of which 40,000 written to the 5-minute cache, 1,000 out:
            // 10,000 x 3 + 40,000 x 3.75 + 1,000 x 15 = 0.03 + 0.15 + 0.015 = 0.195, at 0, 20 and 40 minutes (the last two
            // rewrite an expired cache); at 42 minutes a read (not a write: left out). Writes: 3 x 0.195 = 0.585.
            // With 1-hour writes: the first writes for an hour, 0.03 + 40,000 x 6 + 0.015 = 0.285; the two rewrites read,
            // 0.03 + 40,000 x 0.3 + 0.015 = 0.057 each. 0.399; saving 0.186. From 7 September, 24 days to 1 October: a
            // month 0.186 x 30.4375 / 24 = 0.235891 (rounded).
            var t = Start.AddDays(6);
            Seed("slow-agent", "anthropic", "claude-sonnet-4-5", t, 50_000, 1_000, write5m: 40_000);
            Seed("slow-agent", "anthropic", "claude-sonnet-4-5", t.AddMinutes(20), 50_000, 1_000, write5m: 40_000);
            Seed("slow-agent", "anthropic", "claude-sonnet-4-5", t.AddMinutes(40), 50_000, 1_000, write5m: 40_000);
            Seed("slow-agent", "anthropic", "claude-sonnet-4-5", t.AddMinutes(42), 50_000, 1_000, read: 40_000);
            // Silent: writes a minute apart (the 5-minute cache holds); writes 90 minutes apart (an hour would not).
            for (int i = 0; i < 3; i++) Seed("fast-agent", "anthropic", "claude-sonnet-4-5", t.AddDays(1).AddMinutes(i), 50_000, 1_000, write5m: 40_000);
            for (int i = 0; i < 3; i++) Seed("hourly", "anthropic", "claude-sonnet-4-5", t.AddDays(2).AddMinutes(90 * i), 50_000, 1_000, write5m: 40_000);

            var longer = Assert.Single(Recommend(), r => r.Kind == RecommendationKind.LongerCacheWrites);
            Assert.Equal(("session slow-agent", 3L, 0.585m, 0.399m, 0.235891m), (longer.Scope, longer.Requests, longer.Cost, longer.EstimatedCost, longer.MonthlySaving));
            Assert.StartsWith("2 of 3 requests with 5-minute cache writes came 5 to 60 minutes after the one before", longer.Evidence);
        }

        [Fact]
        public void Window_DefaultsToTheLast30Days_AndMustNotBeEmpty()
        {
            // One request 40 days before "now" and one 10 days before: only the second is in the default window, and
            // the store's recording in it began that day, so the month is scaled from those 10 days.
            var now = Utc.At(2025, 10, 20);
            Seed(null, "openai", "gpt-4o", now.AddDays(-40), 100_000, 10_000);
            Seed(null, "openai", "gpt-4o", now.AddDays(-10), 100_000, 10_000);
            var rec = Assert.Single(CostRecommender.Recommend(_store, new CostQuery(), new RecommendationOptions { NowUtc = now, MinimumMonthlySaving = 0m }));
            // 0.35 against 0.021: saving 0.329 in 10 days, 1.001394 a month (0.329 x 30.4375 / 10 = 1.00139375).
            Assert.Equal((1L, 0.329m, 1.001394m, now.AddDays(-10), now), (rec.Requests, rec.Saving, rec.MonthlySaving, rec.Since, rec.Until));
            var ex = Assert.Throws<LlmCostException>(() => CostRecommender.Recommend(_store, new CostQuery { Since = now, Until = now }));
            Assert.Equal("InvalidRange", ex.ErrorId);
        }
    }
}
