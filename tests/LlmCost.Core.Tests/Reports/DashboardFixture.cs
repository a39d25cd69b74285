using System;
using LlmCost.Core.Budgets;
using LlmCost.Core.Reports;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Reports
{
    /// <summary>
    /// A small store for dashboard tests, with costs worked out by hand (USD per 1M tokens: gpt-4o input 2.50, cached
    /// 1.25, output 10; claude-sonnet-4-5 input 3, output 15), two sessions with hostile names, an unpriced model and a
    /// budget. "Now" is Wednesday 2026-03-04 18:00 UTC; 2026-03-02 is a Monday.
    /// </summary>
    internal sealed class DashboardFixture : IDisposable
    {
        public const string ScriptSession = "<script>alert(1)</script>";
        public const string ImgSession = "<img src=x onerror=\"document.title='pwned'\">";
        public static readonly DateTime Now = Utc.At(2026, 3, 4, 18);

        private readonly TempDir _dir = new TempDir();

        public DashboardFixture()
        {
            Store = SqliteCostStore.Open(_dir.File("dashboard.db"));
            // Mon 2 March, gpt-4o: 1000 x 2.50 + 500 x 10 = 2,500 + 5,000 per 1M → $0.0075
            Store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 2, 10), new TokenUsage(1000, 500)) { RequestId = "r1", SessionId = "s-a" });
            // Tue 3 March, claude-sonnet-4-5: 1000 x 3 + 100 x 15 = 3,000 + 1,500 → $0.0045
            Store.Record(new UsageRecord("anthropic", "claude-sonnet-4-5", Utc.At(2026, 3, 3, 9), new TokenUsage(1000, 100)) { RequestId = "r2", SessionId = ScriptSession });
            // Wed 4 March, gpt-4o, 2000 input of which 1000 cached: 1000 x 2.50 + 1000 x 1.25 + 300 x 10 = 2,500 + 1,250 + 3,000 → $0.00675
            Store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 4, 12), new TokenUsage(2000, 300, cacheReadTokens: 1000)) { RequestId = "r3", SessionId = ImgSession });
            // Wed 4 March, a model without a price: counted, never $0.
            Store.Record(new UsageRecord("acme", "acme-x", Utc.At(2026, 3, 4, 13), new TokenUsage(10, 10)) { RequestId = "r4", SessionId = "s-a" });
            new BudgetService(Store).Set(new Budget { Name = "march", Amount = 0.02m, Period = BudgetPeriod.Monthly });
        }

        public ICostStore Store { get; }

        public string Path(string name) => _dir.File(name);

        public Dashboard Build() => new DashboardBuilder(Store).Build(new DashboardOptions { Since = Utc.At(2026, 3, 1), NowUtc = Now });

        public void Dispose()
        {
            Store.Dispose();
            _dir.Dispose();
        }
    }
}
