using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using LlmCost.Core.Reports;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Reports
{
    /// <summary>The live dashboard over real HTTP on 127.0.0.1: the page, its JSON, and /metrics parsed as Prometheus text.</summary>
    public sealed class DashboardServerTests : IDisposable
    {
        private readonly DashboardFixture _f = new DashboardFixture();
        private readonly DashboardServer _server;
        private readonly HttpClient _http = new HttpClient();

        public DashboardServerTests()
        {
            _server = new DashboardServer(_f.Store, "127.0.0.1", Budgets.Loopback.FreePort(), allowRemote: false,
                new DashboardOptions { Since = Utc.At(2026, 3, 1), Until = Utc.At(2026, 3, 5) });
            _server.Start();
        }

        public void Dispose()
        {
            _http.Dispose();
            _server.Dispose();
            _f.Dispose();
        }


        private string Get(string path, string? expectType = null)
        {
            using var r = _http.GetAsync(_server.Url + path.TrimStart('/')).GetAwaiter().GetResult();
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            if (expectType != null) Assert.StartsWith(expectType, r.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            return r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        [Fact]
        public void Metrics_AreValidPrometheusText_WithTheHandWorkedTotals_AndFollowNewUsage()
        {
            var m = PrometheusText.Parse(Get("/metrics", "text/plain; version=0.0.4"));

            Assert.Equal("counter", m["llmcost_cost_usd_total"].Type);
            // gpt-4o: 0.0075 + 0.00675 = 0.01425; claude-sonnet-4-5: 0.0045 (DashboardFixture).
            Assert.Equal(0.01425, m["llmcost_cost_usd_total"].Samples["provider=openai,model=gpt-4o"], 12);
            Assert.Equal(0.0045, m["llmcost_cost_usd_total"].Samples["provider=anthropic,model=claude-sonnet-4-5"], 12);
            Assert.Equal(2, m["llmcost_requests_total"].Samples["provider=openai,model=gpt-4o"]);
            Assert.Equal(1, m["llmcost_unpriced_requests_total"].Samples["provider=acme,model=acme-x"]);
            // gpt-4o tokens: uncached 1000 + 1000, cache read 1000, output 500 + 300.
            Assert.Equal(2000, m["llmcost_tokens_total"].Samples["provider=openai,model=gpt-4o,kind=input"]);
            Assert.Equal(1000, m["llmcost_tokens_total"].Samples["provider=openai,model=gpt-4o,kind=cache_read"]);
            Assert.Equal(800, m["llmcost_tokens_total"].Samples["provider=openai,model=gpt-4o,kind=output"]);
            Assert.Equal("gauge", m["llmcost_budget_limit_usd"].Type);
            Assert.Equal(0.02, m["llmcost_budget_limit_usd"].Samples["budget=march,period=monthly,session="], 12);

            // A model name with a quote, a backslash and a line break comes back intact through the escapes.
            _f.Store.Record(new UsageRecord("acme", "odd\"model\\v1\nx", Utc.At(2026, 3, 4, 16), new TokenUsage(5, 5)) { RequestId = "odd" });
            // New usage shows on the next scrape: gpt-4o 1000 input + 100 output = 2,500 + 1,000 per 1M → +$0.0035.
            _f.Store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 4, 17), new TokenUsage(1000, 100)) { RequestId = "r5" });
            var after = PrometheusText.Parse(Get("/metrics"));
            Assert.Equal(0.01775, after["llmcost_cost_usd_total"].Samples["provider=openai,model=gpt-4o"], 12);
            Assert.Equal(1, after["llmcost_requests_total"].Samples["provider=acme,model=odd\"model\\v1\nx"]);
        }

        [Fact]
        public void ThePage_AndItsJson_AreServedFresh()
        {
            string html = Get("/", "text/html");
            Assert.Contains("<meta http-equiv=\"refresh\" content=\"30\">", html, StringComparison.Ordinal);
            Assert.Contains("<svg data-chart=\"daily\"", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);

            using var json = JsonDocument.Parse(Get("/api/dashboard", "application/json"));
            Assert.True(json.RootElement.TryGetProperty("thisMonth", out _));
            Assert.True(json.RootElement.TryGetProperty("models", out var models));
            Assert.Equal(3, models.GetArrayLength());
        }

        [Fact]
        public async System.Threading.Tasks.Task UnknownPaths_AndOtherMethods_AreRefused()
        {
            using var missing = await _http.GetAsync(_server.Url + "nope");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            using var post = await _http.PostAsync(_server.Url + "metrics", new StringContent("x"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        [Theory]
        [InlineData("0.0.0.0")]
        [InlineData("192.168.1.10")]
        [InlineData("+")]
        public void ANonLoopbackAddress_NeedsAllowRemote(string address)
        {
            var ex = Assert.Throws<LlmCostException>(() => new DashboardServer(_f.Store, address, 8787, allowRemote: false));
            Assert.Equal("RemoteBindRefused", ex.ErrorId);
        }

        [Fact]
        public void APortInUse_IsAClearError()
        {
            int port = new Uri(_server.Url).Port;
            using var second = new DashboardServer(_f.Store, "127.0.0.1", port, allowRemote: false);
            var ex = Assert.Throws<LlmCostException>(() => second.Start());
            Assert.Equal("PortInUse", ex.ErrorId);
        }
    }
}
