using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LlmCost.Core.Reports;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Reports
{
    public sealed class DashboardTests : IDisposable
    {
        private readonly DashboardFixture _f = new DashboardFixture();

        public void Dispose() => _f.Dispose();

        [Fact]
        public void HeadlineFigures_AreTheHandWorkedTotals()
        {
            var d = _f.Build();

            // Today (Wed 4 March): $0.00675 and the unpriced request.
            Assert.Equal(0.00675m, d.Today.Cost);
            Assert.Equal(2, d.Today.Requests);
            // This week (from Monday 2 March) and this month: 0.0075 + 0.0045 + 0.00675 = 0.01875.
            Assert.Equal(0.01875m, d.ThisWeek.Cost);
            Assert.Equal(0.01875m, d.ThisMonth.Cost);
            // Forecast: 90 of March's 744 hours are gone: 0.01875 x 744 / 90 = 13.95 / 90 = 0.155.
            Assert.Equal(0.155m, d.MonthForecast);
            // 3 of 4 requests priced.
            Assert.Equal(75.0m, d.PricedPercent);
            // The range 1-4 March has four days, the quiet Sunday included.
            Assert.Equal(new[] { 1, 2, 3, 4 }, d.Days.Select(x => x.Day.Day));
            Assert.Empty(d.Days[0].CostByProvider);
            Assert.Equal(0.00675m, d.Days[3].CostByProvider["openai"]);
            // The budget: 0.01875 of 0.02 = 93.75 %.
            Assert.Equal(93.75m, Assert.Single(d.Budgets).Percent);
            Assert.Equal(new[] { "openai", "anthropic", "acme" }, d.ProviderTotals.Select(p => p.Key));
        }

        [Fact]
        public void EveryChart_DrawsOneMarkPerValue()
        {
            string html = Render();

            // Daily: openai on the 2nd and 4th, anthropic on the 3rd (the unpriced request costs nothing to draw).
            Assert.Equal(3, Marks(html, "daily"));
            // One bar per model: gpt-4o, claude-sonnet-4-5, acme-x.
            Assert.Equal(3, Marks(html, "models"));
            // Provider share: openai and anthropic (acme has no cost).
            Assert.Equal(2, Marks(html, "providers"));
            // Token mix: gpt-4o uncached 2000 / cache read 1000 / output 800; claude uncached 1000 / output 100;
            // acme uncached 10 / output 10 → 3 + 2 + 2.
            Assert.Equal(7, Marks(html, "tokens"));
            Assert.Equal(1, Marks(html, "budgets"));
            Assert.Contains("data-percent=\"93.75\"", html, StringComparison.Ordinal);
            // The unpriced model is shown as unpriced, never $0.
            Assert.Contains("acme-x: unpriced", html, StringComparison.Ordinal);
        }

        [Fact]
        public void NamesFromTheStore_AreText_NeverMarkup()
        {
            string html = Render();

            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;", html, StringComparison.Ordinal);
            // Our own single script (table sorting) is the only one.
            Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
            // Self-contained: nothing is fetched when the page is viewed.
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        }

        [Fact]
        public void WithAContractDiscount_TheRangeTotalSaysWhatItIsAfterIt()
        {
            using var dir = new TempDir();
            using var store = LlmCost.Core.Storage.CostStores.Open(dir.File("discount.db"));
            // gpt-4o 100,000 in / 10,000 out: 0.25 + 0.1 = $0.35 list; 20 % off OpenAI: $0.28.
            store.RecordMany(new[] { new LlmCost.Core.Usage.UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 2, 10), new LlmCost.Core.Usage.TokenUsage(100_000, 10_000)) { RequestId = "x1" } });
            string Page()
            {
                var w = new StringWriter();
                HtmlDashboardWriter.Write(w, new DashboardBuilder(store).Build(new DashboardOptions { Since = Utc.At(2026, 3, 1), NowUtc = DashboardFixture.Now }));
                return w.ToString();
            }

            Assert.DoesNotContain("after contract discounts", Page(), StringComparison.Ordinal);
            store.AddContractDiscount(new LlmCost.Core.Pricing.ContractDiscount { Provider = "openai", Percent = 20m });
            Assert.Contains("1 requests, $0.2800 after contract discounts", Page(), StringComparison.Ordinal);
        }

        private string Render()
        {
            var writer = new StringWriter();
            HtmlDashboardWriter.Write(writer, _f.Build());
            return writer.ToString();
        }

        /// <summary>The marks inside one chart's svg element.</summary>
        internal static int Marks(string html, string chart)
        {
            var m = Regex.Match(html, "<svg data-chart=\"" + chart + "\".*?</svg>", RegexOptions.Singleline);
            Assert.True(m.Success, $"no {chart} chart");
            return Regex.Matches(m.Value, "class=\"mark\"").Count;
        }
    }
}
