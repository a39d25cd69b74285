using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using LlmCost.Core.Billing;
using LlmCost.Core.Tests.Budgets;

namespace LlmCost.Core.Tests.Billing
{
    /// <summary>The admin-API fetch against a real HTTP listener on loopback serving the documented pages.</summary>
    public sealed class ProviderCostFetcherTests : IDisposable
    {
        private const string Key = "sk-admin-test-0123";
        private readonly ConcurrentQueue<string> _badAuth = new ConcurrentQueue<string>();
        private readonly ScriptedServer _server;
        private int _costRequests;

        /// <summary>What to answer, by the request and (for the costs endpoint) how many times it was asked.</summary>
        private Func<HttpListenerRequest, int, (int Status, string Body, string? RetryAfter)> Answer { get; set; } = (_, _) => (404, "{}", null);

        public ProviderCostFetcherTests()
        {
            _server = new ScriptedServer(req =>
            {
                bool openAi = req.Url!.AbsolutePath.StartsWith("/v1/organization/", StringComparison.Ordinal);
                bool authorized = openAi
                    ? req.Headers["Authorization"] == "Bearer " + Key
                    : req.Headers["x-api-key"] == Key && req.Headers["anthropic-version"] == "2023-06-01";
                if (!authorized) _badAuth.Enqueue(req.Url.PathAndQuery);
                int n = req.Url.AbsolutePath.EndsWith("/costs", StringComparison.Ordinal) ? Interlocked.Increment(ref _costRequests) : 0;
                return Answer(req, n);
            });
        }

        public void Dispose() => _server.Dispose();

        private Uri Base => _server.BaseUri;

        private ConcurrentQueue<string> Sent => _server.Requests;

        private static string Fixture(string name) => File.ReadAllText(Path.Combine(BillReconcilerTests.Folder, name));

        [Fact]
        public void OpenAi_FollowsNextPage_AndWaitsOutA429AsRetryAfterSays()
        {
            var pages = JsonDocument.Parse(Fixture("openai-costs.json")).RootElement.EnumerateArray().Select(p => p.GetRawText()).ToList();
            Answer = (req, n) =>
            {
                string path = req.Url!.AbsolutePath;
                if (path == "/v1/organization/costs")
                {
                    if (n == 1) return (429, "{\"error\":{\"message\":\"Rate limit reached\"}}", "1");
                    return req.QueryString["page"] == "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=" ? (200, pages[1], null) : (200, pages[0], null);
                }

                return path == "/v1/organization/usage/completions" ? (200, Fixture("openai-usage.json"), null) : (404, "{}", null);
            };

            var clock = Stopwatch.StartNew();
            var reports = new ProviderCostFetcher().Fetch("openai", Utc.At(2025, 9, 1), Utc.At(2025, 9, 5), Key, Base);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "the 429's Retry-After of 1 s was not waited out");
            Assert.Empty(_badAuth);
            var sent = Sent.ToList();
            // The 429, the first page again, the second page, then the usage report.
            Assert.Equal(4, sent.Count);
            Assert.StartsWith("/v1/organization/costs?start_time=1756684800&end_time=1757030400&bucket_width=1d&limit=31&group_by=line_item", sent[0]);
            Assert.EndsWith("&page=page_AAAAAGdGxdEiJdKOAAAAAGcqsYA%3D", sent[2]);
            Assert.DoesNotContain(sent, s => s.Contains(Key));
            var costs = reports.Single(r => r.Kind == ProviderCostKind.Cost);
            Assert.Equal((3, 6, 1.4m), (costs.Buckets.Count, costs.Lines.Count, costs.Lines.Sum(l => l.Amount!.Value)));
            var usage = reports.Single(r => r.Kind == ProviderCostKind.Usage);
            Assert.Equal(200_000L, usage.Lines.Single().InputTokens);
        }

        [Fact]
        public void Anthropic_SendsTheAdminKeyAndVersionHeaders()
        {
            Answer = (req, _) => req.Url!.AbsolutePath switch
            {
                "/v1/organizations/cost_report" => (200, Fixture("anthropic-costs.json"), null),
                "/v1/organizations/usage_report/messages" => (200, "{\"data\":[{\"starting_at\":\"2025-09-01T00:00:00Z\",\"ending_at\":\"2025-09-02T00:00:00Z\",\"results\":[" +
                    "{\"uncached_input_tokens\":10000,\"cache_read_input_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":1000,\"model\":\"claude-sonnet-4-20250514\"}]}],\"has_more\":false,\"next_page\":null}", null),
                _ => (404, "{}", null),
            };
            var reports = new ProviderCostFetcher().Fetch("anthropic", Utc.At(2025, 9, 1), Utc.At(2025, 9, 3), Key, Base);
            Assert.Empty(_badAuth);
            Assert.StartsWith("/v1/organizations/cost_report?starting_at=2025-09-01T00%3A00%3A00Z&ending_at=2025-09-03T00%3A00%3A00Z&limit=31&group_by[]=description", Sent.First());
            Assert.Equal(0.065m, reports.Single(r => r.Kind == ProviderCostKind.Cost).Lines.Sum(l => l.Amount!.Value));
            Assert.Equal(11_000L, reports.Single(r => r.Kind == ProviderCostKind.Usage).Lines.Sum(l => l.InputTokens!.Value + l.OutputTokens!.Value));
        }

        [Fact]
        public void ARefusedKey_IsAClearError_ThatNeverShowsTheKey()
        {
            Answer = (_, _) => (401, "{\"error\":{\"message\":\"Invalid API key\"}}", null);
            var ex = Assert.Throws<LlmCostException>(() => new ProviderCostFetcher().Fetch("openai", Utc.At(2025, 9, 1), Utc.At(2025, 9, 2), Key, Base));
            Assert.Equal("ProviderApiFailed", ex.ErrorId);
            Assert.Equal($"http://127.0.0.1:{_server.Port}/v1/organization/costs answered 401 Unauthorized: Invalid API key (check the admin key in $OPENAI_ADMIN_KEY).", ex.Message);
            Assert.DoesNotContain(Key, ex.Message);
        }

        [Fact]
        public void AMissingKey_NamesTheVariable()
        {
            string? before = Environment.GetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY");
            Environment.SetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY", null);
            try
            {
                var ex = Assert.Throws<LlmCostException>(() => ProviderCostFetcher.KeyFromEnvironment("anthropic"));
                Assert.Equal("ProviderKeyMissing", ex.ErrorId);
                Assert.Contains("$ANTHROPIC_ADMIN_API_KEY", ex.Message);
            }
            finally
            {
                Environment.SetEnvironmentVariable("ANTHROPIC_ADMIN_API_KEY", before);
            }

            Assert.Equal("InvalidProvider", Assert.Throws<LlmCostException>(() => ProviderCostFetcher.KeyFromEnvironment("groq")).ErrorId);
        }
    }
}
