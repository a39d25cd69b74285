using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Tests.Tracking;
using LlmCost.Core.Tracking;
using Xunit;

namespace LlmCost.Core.Tests.Ingestion
{
    /// <summary>
    /// Every body of the response corpus through every entry point of the core (the payload parser, the importer
    /// reading the bodies as files into a real store, the HTTP handler on a real listener) gives the counts worked out
    /// by hand. The CLI (`llmcost add --response`, `llmcost import`) and Add-LlmUsage -Response have their own tests.
    /// </summary>
    public sealed class ResponseCorpusTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();

        public void Dispose() => _dir.Dispose();

        private static Dictionary<string, string> Stored(IEnumerable<RequestCost> rows) =>
            rows.ToDictionary(r => r.RequestId ?? "(none)", r => ResponseCorpus.Counts(r.Provider, r.Model, r.InputTokens, r.CacheReadTokens,
                r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.OutputTokens, r.ReasoningTokens));

        [Fact]
        public void Corpus_HasAtLeastTenBodiesPerApi_AndCountsForEach()
        {
            var bodies = ResponseCorpus.Bodies();
            var expected = ResponseCorpus.Expected();
            foreach (var api in new[] { "openai-chat", "openai-responses", "anthropic", "gemini", "groq", "mistral", "deepseek" })
            {
                Assert.True(bodies.Count(b => b.StartsWith(api + "/", StringComparison.Ordinal)) >= 10, api);
            }

            Assert.Equal(bodies, expected.Select(r => r.File).Distinct().OrderBy(f => f, StringComparer.Ordinal));
        }

        [Fact]
        public void PayloadParser_ReadsEveryBody()
        {
            var expected = ResponseCorpus.Expected();
            foreach (var file in ResponseCorpus.Bodies())
            {
                var parsed = PayloadParser.Parse(File.ReadAllText(Path.Combine(ResponseCorpus.Folder, file)));
                Assert.True(parsed != null, file);
                var records = parsed!.ToRecords(DateTime.UtcNow);
                // The parser leaves the provider to the catalog where the body does not say it (OpenAI-compatible APIs).
                var got = records.Select(r => (r.RequestId, Counts: $"{r.Model} in={r.Tokens.InputTokens} read={r.Tokens.CacheReadTokens} w5m={r.Tokens.CacheWrite5mTokens} " +
                                                                     $"w1h={r.Tokens.CacheWrite1hTokens} out={r.Tokens.OutputTokens} reasoning={r.Tokens.ReasoningTokens}")).ToList();
                var want = expected.Where(r => r.File == file)
                    .Select(r => ((string?)r.RequestId, r.Counts.Substring(r.Counts.IndexOf('/') + 1))).ToList();
                Assert.Equal(want, got);
            }
        }

        [Fact]
        public void Import_OfTheBodiesAsFiles_StoresEveryCount()
        {
            using var store = SqliteCostStore.Open(_dir.File("import.db"));
            var errors = new List<ImportError>();
            var summary = new UsageImporter(store).Import(UsageImporter.ExpandPaths(new[] { ResponseCorpus.Folder }, true), new ImportOptions(), errors.Add);
            Assert.Empty(errors.Select(e => $"{e.File}:{e.Line} {e.Message}"));
            ResponseCorpus.AssertSame(ResponseCorpus.ExpectedByKey(), Stored(store.GetRequests(new CostQuery())));
            Assert.Equal(ResponseCorpus.Expected().Count, summary.Added);
        }

        [Fact]
        public async Task Handler_RecordsEveryBodyItRelays()
        {
            using var server = new FakeProvider();
            var bodies = ResponseCorpus.Bodies();
            foreach (var file in bodies) server.Routes["/" + file] = (200, "application/json", File.ReadAllText(Path.Combine(ResponseCorpus.Folder, file)));
            var options = new CostTrackerOptions { DatabasePath = _dir.File("handler.db"), BudgetCheckInterval = TimeSpan.Zero };
            using var tracker = new CostTracker(options);
            using (var client = new HttpClient(new CostTrackingHandler(tracker, new HttpClientHandler())))
            {
                foreach (var file in bodies)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, server.Base + "/" + file) { Content = new StringContent("{\"messages\":[]}", Encoding.UTF8, "application/json") };
                    using var response = await client.SendAsync(request);
                    Assert.Equal(server.Routes["/" + file].Body, await response.Content.ReadAsStringAsync());
                }
            }

            Assert.True(tracker.Flush());
            Assert.Equal(0, tracker.Failed);
            ResponseCorpus.AssertSame(ResponseCorpus.ExpectedByKey(), Stored(tracker.Store.GetRequests(new CostQuery())));
        }
    }
}
