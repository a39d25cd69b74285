using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage.Sqlite;

namespace LlmCost.Core.Tests.Ingestion
{
    /// <summary>
    /// Imports from the tools people leave (LiteLLM's spend logs, Langfuse's observations): exact counts, our prices,
    /// their cost kept beside ours, errors naming file and line, and no double counting across export formats.
    /// Prices used (USD per 1M tokens, from the embedded catalog): gpt-4o input 2.50 / cached 1.25 / output 10;
    /// gpt-4o-mini 0.15 / 0.075 / 0.60; claude-sonnet-4-5 input 3 / cache read 0.30 / cache write 5m 3.75 / output 15;
    /// gemini-2.0-flash 0.10 / output 0.40.
    /// </summary>
    public sealed class SourceExportImportTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly SqliteCostStore _store;

        public SourceExportImportTests() => _store = SqliteCostStore.Open(_dir.File("migrate.db"));

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private string Fixture(string name)
        {
            string target = _dir.File(name);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "migration", name), target, true);
            return target;
        }

        private (ImportSummary Summary, List<ImportError> Errors) Import(params string[] files)
        {
            var errors = new List<ImportError>();
            return (new UsageImporter(_store).Import(files, new ImportOptions(), errors.Add), errors);
        }

        [Theory]
        [InlineData("litellm-spend-logs.csv", ImportFormat.LiteLlm)]
        [InlineData("litellm-spend-logs.json", ImportFormat.LiteLlm)]
        [InlineData("langfuse-observations.json", ImportFormat.Langfuse)]
        [InlineData("langfuse-observations.csv", ImportFormat.Langfuse)]
        public void Exports_AreToldApartByTheirFields(string name, ImportFormat expected)
        {
            Assert.Equal(expected, ImportFormatDetector.Detect(Fixture(name)));
        }

        [Fact]
        public void LiteLlmCsv_ImportsEveryGoodRow_WithOurCostBesideItsSpend_AndNamesTheBadLine()
        {
            var (s, errors) = Import(Fixture("litellm-spend-logs.csv"));

            // Five data rows: three recorded, the failed request skipped, the bad count an error on its own line (line 1
            // is the header; chatcmpl-A1's message spans lines 2-4, so the rows start on lines 2, 5, 6, 7 and 8).
            Assert.Equal(3, s.Added);
            var error = Assert.Single(errors);
            Assert.Equal(8, error.Line);
            Assert.Contains("prompt_tokens", error.Message, StringComparison.Ordinal);
            Assert.Contains("abc", error.Message, StringComparison.Ordinal);

            // Ours, by hand:
            //   chatcmpl-A1 gpt-4o: 1000 x 2.50 + 500 x 10 = 2,500 + 5,000 = $0.0075 per 1M → 0.0075
            //   chatcmpl-A2 gpt-4o, 2000 input of which 1000 cached: 1000 x 2.50 + 1000 x 1.25 + 300 x 10
            //                = 2,500 + 1,250 + 3,000 → $0.00675 (LiteLLM's spend: $0.00775)
            //   msg_01X claude-sonnet-4-5: 500 x 3 + 2000 x 0.30 + 1000 x 3.75 + 200 x 15
            //                = 1,500 + 600 + 3,750 + 3,000 → $0.00885
            // Ours 0.0075 + 0.00675 + 0.00885 = 0.0231; theirs 0.0075 + 0.00775 + 0.00885 = 0.0241.
            Assert.Equal(0.0231m, _store.GetTotals(new CostQuery()).Cost);
            Assert.Equal(3, s.SourcedRecords);
            Assert.Equal(0.0241m, s.SourceCost);
            Assert.Equal(0.0231m, s.CostAtOurPrices);

            var rows = _store.GetRequests(new CostQuery()).ToDictionary(r => r.RequestId!);
            Assert.Equal(0.00775m, rows["chatcmpl-A2"].SourceCost);
            Assert.Equal(0.00675m, rows["chatcmpl-A2"].Cost);
            Assert.Equal(1000, rows["chatcmpl-A2"].CacheReadTokens);
            Assert.Equal(new[] { "batch-nightly", "end_user:alice", "team-a" }, rows["chatcmpl-A2"].Tags.OrderBy(t => t, StringComparer.Ordinal));
            Assert.Equal("s1", rows["chatcmpl-A2"].SessionId);
            var claude = rows["msg_01XFDUDYJgAACzvnptvVoYEL"];
            Assert.Equal("anthropic", claude.Provider);
            Assert.Equal("claude-sonnet-4-5", claude.Model);
            Assert.Equal(3500, claude.InputTokens);
            Assert.Equal(2000, claude.CacheReadTokens);
            Assert.Equal(1000, claude.CacheWrite5mTokens);
            Assert.Contains("team:team-7", claude.Tags);
            Assert.Equal(new DateTime(2026, 11, 2, 10, 0, 0, 123, DateTimeKind.Utc), rows["chatcmpl-A1"].OccurredAtUtc);
            Assert.DoesNotContain("chatcmpl-F1", rows.Keys);
        }

        [Fact]
        public void TheSameRequests_FromTheCsvAndTheJsonExport_AreCountedOnce()
        {
            Import(Fixture("litellm-spend-logs.csv"));
            var (again, errors) = Import(Fixture("litellm-spend-logs.json"));

            Assert.Empty(errors);
            // chatcmpl-A1 is in both exports: known already. chatcmpl-A3 is new: gpt-4o-mini 10000 x 0.15 + 1000 x 0.60
            // = 1,500 + 600 → $0.0021 (LiteLLM's spend $0.00105 was a batch price; ours is the list price).
            Assert.Equal(1, again.Added);
            Assert.Equal(1, again.Duplicates);
            Assert.Equal(0.0231m + 0.0021m, _store.GetTotals(new CostQuery()).Cost);
            Assert.Equal(4, _store.GetTotals(new CostQuery()).Requests);
        }

        [Fact]
        public void LangfuseExports_ImportGenerations_WithTheTraceAsSession_AndSkipSpans()
        {
            var (s, errors) = Import(Fixture("langfuse-observations.json"), Fixture("langfuse-observations.csv"));

            Assert.Empty(errors);
            Assert.Equal(3, s.Added);
            // Ours, by hand:
            //   obs-1 gpt-4o-mini: usageDetails input 8000 (uncached) + 2000 cached, output 900 + 100 reasoning:
            //         8000 x 0.15 + 2000 x 0.075 + 1000 x 0.60 = 1,200 + 150 + 600 → $0.00195
            //   obs-2 claude-sonnet-4-5: 100 x 3 + 5000 x 0.30 + 400 x 15 = 300 + 1,500 + 6,000 → $0.0078
            //   obs-3 gemini-2.0-flash: 10000 x 0.10 + 2000 x 0.40 = 1,000 + 800 → $0.0018
            // Total 0.00195 + 0.0078 + 0.0018 = 0.01155; Langfuse's own totals are the same.
            Assert.Equal(0.01155m, _store.GetTotals(new CostQuery()).Cost);
            Assert.Equal(0.01155m, s.SourceCost);
            Assert.Equal(0.01155m, s.CostAtOurPrices);

            var trace = _store.GetRequests(new CostQuery { Sessions = new[] { "trace-1" } }).ToList();
            Assert.Equal(new[] { "obs-1", "obs-2" }, trace.Select(r => r.RequestId));
            var mini = trace[0];
            Assert.Equal("openai", mini.Provider);
            Assert.Equal(10000, mini.InputTokens);
            Assert.Equal(2000, mini.CacheReadTokens);
            Assert.Equal(1000, mini.OutputTokens);
            Assert.Equal(100, mini.ReasoningTokens);
            Assert.Equal("google", _store.GetRequests(new CostQuery { Sessions = new[] { "trace-2" } }).Single().Provider);

            var (again, _) = Import(Fixture("langfuse-observations.json"));
            Assert.Equal(0, again.Added);
        }
    }
}
