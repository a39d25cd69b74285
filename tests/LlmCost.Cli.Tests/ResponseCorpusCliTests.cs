using System;
using System.Collections.Generic;
using System.Globalization;
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
        private static string Folder()
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "LlmCost.sln"))) d = d.Parent;
            return Path.Combine(d!.FullName, "tests", "LlmCost.Core.Tests", "Fixtures", "responses");
        }

        private static Dictionary<string, string> Expected() =>
            File.ReadAllLines(Path.Combine(Folder(), "expected.tsv"))
                .Where(l => l.Length > 0 && l[0] != '#')
                .Select(l => l.Split('\t'))
                .ToDictionary(c => c[1], c => $"{c[2]}/{c[3]} {c[4]} {c[5]} {c[6]} {c[7]} {c[8]} {c[9]}");

        private Dictionary<string, string> StoredCounts()
        {
            var (code, json, err) = Run("usage", "--db", Db, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(json);
            string N(JsonElement r, string name) => r.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);
            return doc.RootElement.EnumerateArray().ToDictionary(
                r => r.GetProperty("RequestId").GetString() ?? "(none)",
                r => $"{r.GetProperty("Provider").GetString()}/{r.GetProperty("Model").GetString()} {N(r, "InputTokens")} {N(r, "CacheReadTokens")} " +
                     $"{N(r, "CacheWrite5mTokens")} {N(r, "CacheWrite1hTokens")} {N(r, "OutputTokens")} {N(r, "ReasoningTokens")}");
        }

        private static void AssertSame(Dictionary<string, string> expected, Dictionary<string, string> got)
        {
            var wrong = expected.Keys.Union(got.Keys).OrderBy(k => k, StringComparer.Ordinal)
                .Where(k => !expected.TryGetValue(k, out var e) || !got.TryGetValue(k, out var g) || e != g)
                .Select(k => $"{k}: expected {(expected.TryGetValue(k, out var e) ? e : "(none)")}, stored {(got.TryGetValue(k, out var g) ? g : "(none)")}")
                .ToList();
            Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        }

        [Fact]
        public void AddResponse_OfEachBody_StoresTheHandWorkedCounts()
        {
            foreach (var file in Directory.GetFiles(Folder(), "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var (code, _, err) = Run("add", "--response", file, "--db", Db);
                Assert.True(code == 0, file + ": " + err);
            }

            AssertSame(Expected(), StoredCounts());
        }

        [Fact]
        public void Import_OfTheFolder_StoresTheHandWorkedCounts()
        {
            var (code, _, err) = Run("import", Folder(), "--recurse", "--db", Db);
            Assert.True(code == 0, err);
            AssertSame(Expected(), StoredCounts());
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
