using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace LlmCost.Cli.Tests
{
    /// <summary>
    /// The response corpus (tests/LlmCost.Core.Tests/Fixtures/responses, counts worked out by hand in expected.tsv)
    /// through the CLI: `llmcost add --response FILE` body by body, and `llmcost import` of the folder, each read back
    /// with `llmcost usage --json`.
    /// </summary>
    public sealed class ResponseCorpusCliTests : CliTestBase
    {
        private static string Folder() => LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder;

        private Dictionary<string, string> StoredCounts()
        {
            var (code, json, err) = Run("usage", "--db", Db, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(json);
            long N(JsonElement r, string name) => r.GetProperty(name).GetInt64();
            return doc.RootElement.EnumerateArray().ToDictionary(
                r => r.GetProperty("RequestId").GetString() ?? "(none)",
                r => LlmCost.Core.Tests.Ingestion.ResponseCorpus.Counts(r.GetProperty("Provider").GetString()!, r.GetProperty("Model").GetString()!, N(r, "InputTokens"),
                    N(r, "CacheReadTokens"), N(r, "CacheWrite5mTokens"), N(r, "CacheWrite1hTokens"), N(r, "OutputTokens"), N(r, "ReasoningTokens")));
        }

        [Fact]
        public void AddResponse_OfEachBody_StoresTheHandWorkedCounts()
        {
            foreach (var file in Directory.GetFiles(Folder(), "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var (code, _, err) = Run("add", "--response", file, "--db", Db);
                Assert.True(code == 0, file + ": " + err);
            }

            LlmCost.Core.Tests.Ingestion.ResponseCorpus.AssertSame(LlmCost.Core.Tests.Ingestion.ResponseCorpus.ExpectedByKey(), StoredCounts());
        }

        [Fact]
        public void Import_OfTheFolder_StoresTheHandWorkedCounts()
        {
            var (code, _, err) = Run("import", Folder(), "--recurse", "--db", Db);
            Assert.True(code == 0, err);
            LlmCost.Core.Tests.Ingestion.ResponseCorpus.AssertSame(LlmCost.Core.Tests.Ingestion.ResponseCorpus.ExpectedByKey(), StoredCounts());
        }

        [Fact]
        public void AddResponse_WithAnAdvisorStep_PrintsBothRecordsInOneJsonObject()
        {
            string file = Path.Combine(Folder(), "anthropic", "07-advisor.json");
            var (code, json, err) = Run("add", "--response", file, "--db", Db, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal("claude-sonnet-4-6", doc.RootElement.GetProperty("model").GetString());
            var step = Assert.Single(doc.RootElement.GetProperty("steps").EnumerateArray());
            Assert.Equal("claude-opus-4-6", step.GetProperty("model").GetString());
            // Opus 4.6 at 5 $/M input and 25 $/M output: 15,800 * 5 / 1e6 + 1,600 * 25 / 1e6 = 0.079 + 0.04 = 0.119
            Assert.Equal(0.119m, step.GetProperty("cost").GetDecimal());
            // Sonnet 4.6 at 3 input, 0.3 cache read, 15 output: 1,200 * 3 / 1e6 + 30,000 * 0.3 / 1e6 + 300 * 15 / 1e6 = 0.0036 + 0.009 + 0.0045 = 0.0171
            Assert.Equal(0.0171m, doc.RootElement.GetProperty("cost").GetDecimal());
        }

        [Fact]
        public void AddResponse_WithACompactionStep_PricesItWithTheRequest()
        {
            var (code, json, err) = Run("add", "--response", Path.Combine(Folder(), "anthropic", "06-compaction.json"), "--db", Db, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(json);
            // Opus 4.6 at 5 / 25 $ per M: (220 + 55,196) * 5 + (8 + 125) * 25 = 277,080 + 3,325 = 280,405 -> $0.280405
            Assert.Equal(0.280405m, doc.RootElement.GetProperty("cost").GetDecimal());
            Assert.False(doc.RootElement.TryGetProperty("steps", out _));
        }
    }
}
