using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests
{
    /// <summary>
    /// Seeded fuzzing of every parser with mutated real payloads and log lines: the only failures allowed are the
    /// documented parse errors, and nothing stored has a negative or out-of-range count. LLMCOST_FUZZ_ROUNDS runs longer.
    /// </summary>
    public sealed class ParserFuzzTests
    {
        private static readonly string Payloads = Path.Combine(AppContext.BaseDirectory, "Fixtures", "payloads");
        private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("LLMCOST_FUZZ_ROUNDS"), out int n) ? n : 400;

        private static readonly string[] Tokens =
        {
            "9223372036854775807", "-1", "1e400", "0.5", "null", "\"\"", "[]", "{}", "\"\\ud800\"", "\"\\u0000\"", "true", "18446744073709551616",
            "\"model\"", "\"usage\"", "\"input_tokens\":", "\"<synthetic>\"", "\"=cmd()\"",
        };

        private static byte[] Mutate(byte[] input, Random rng)
        {
            var b = new List<byte>(input);
            int edits = rng.Next(1, 4);
            for (int e = 0; e < edits && b.Count > 0; e++)
            {
                int at = rng.Next(b.Count);
                switch (rng.Next(6))
                {
                    case 0: b[at] = (byte)rng.Next(256); break;                                   // flip a byte (invalid UTF-8 too)
                    case 1: b.RemoveRange(at, Math.Min(rng.Next(1, 16), b.Count - at)); break;    // cut
                    case 2: b.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[rng.Next(Tokens.Length)])); break;
                    case 3: b.RemoveRange(at, b.Count - at); break;                               // truncate
                    case 4:
                        // Replace a number with an extreme one.
                        int d = b.FindIndex(at, x => x >= (byte)'0' && x <= (byte)'9');
                        if (d >= 0) b.InsertRange(d, Encoding.UTF8.GetBytes("99999999999999999"));
                        break;
                    default: b.Insert(at, (byte)"{}[]\",:\\"[rng.Next(8)]); break;
                }
            }

            return b.ToArray();
        }

        private static bool Documented(Exception ex) => ex is LlmCostException || ex is JsonException;

        [Fact]
        public void SinglePayloads_FailOnlyWithDocumentedErrors()
        {
            var rng = new Random(20261202);
            // The corpus bodies with server-side steps (usage.iterations) join the seeds: their step lists get mutated too.
            var steps = new[] { "06-compaction.json", "07-advisor.json", "08-unknown-step.json" }
                .Select(n => Path.Combine(AppContext.BaseDirectory, "Fixtures", "responses", "anthropic", n));
            foreach (var file in Directory.GetFiles(Payloads).Where(f => !f.EndsWith(".csv", StringComparison.Ordinal)).Concat(steps))
            {
                byte[] original = File.ReadAllBytes(file);
                for (int i = 0; i < Rounds; i++)
                {
                    string text = Encoding.UTF8.GetString(Mutate(original, rng));
                    try
                    {
                        var parsed = PayloadParser.Parse(text);
                        // What a parser returns is storable or a documented error, its steps included.
                        if (parsed != null) parsed.Tokens.Validate();
                        foreach (var step in parsed?.Steps ?? new System.Collections.Generic.List<ParsedStep>()) step.Tokens.Validate();
                    }
                    catch (Exception ex) when (Documented(ex))
                    {
                    }
                    catch (Exception ex)
                    {
                        Assert.Fail($"{Path.GetFileName(file)} mutation {i}: {ex.GetType().Name}: {ex.Message}\n{text}");
                    }
                }
            }
        }

        [Fact]
        public void LogImports_NeverThrow_AndStoreOnlyValidCounts()
        {
            var rng = new Random(7);
            using var dir = new TempDir();
            using var store = SqliteCostStore.Open(dir.File("fuzz.db"));
            var lines = File.ReadAllLines(Path.Combine(Payloads, "claude-code-session.jsonl"))
                .Concat(File.ReadAllLines(Path.Combine(Payloads, "openai-batch-output.jsonl")))
                .Select(Encoding.UTF8.GetBytes).ToList();
            var csv = File.ReadAllLines(Path.Combine(Payloads, "usage.csv")).Select(Encoding.UTF8.GetBytes).ToList();
            for (int f = 0; f < Math.Max(4, Rounds / 50); f++)
            {
                using (var w = File.Create(dir.File($"log{f}.jsonl")))
                {
                    for (int i = 0; i < 100; i++)
                    {
                        var line = lines[rng.Next(lines.Count)];
                        w.Write(rng.Next(3) == 0 ? line : Mutate(line, rng));
                        w.WriteByte((byte)'\n');
                    }
                }

                using (var w = File.Create(dir.File($"usage{f}.csv")))
                {
                    w.Write(csv[0]);
                    w.WriteByte((byte)'\n');
                    for (int i = 0; i < 30; i++)
                    {
                        var row = csv[1 + rng.Next(csv.Count - 1)];
                        w.Write(rng.Next(3) == 0 ? row : Mutate(row, rng));
                        w.WriteByte((byte)'\n');
                    }
                }
            }

            var errors = new List<ImportError>();
            var summary = new UsageImporter(store).Import(UsageImporter.ExpandPaths(new[] { dir.Path }, false), new ImportOptions(), errors.Add);
            Assert.True(summary.Lines > 0);
            Assert.All(errors, e => Assert.True(e.Line > 0 || e.ErrorId.Length > 0));
            foreach (var r in store.GetRequests(new CostQuery()))
            {
                new TokenUsage(r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWrite5mTokens, r.CacheWrite1hTokens, r.ReasoningTokens).Validate();
                Assert.True(r.CostNano == null || r.CostNano >= 0);
            }

            var check = store.Check();
            Assert.True(check.Healthy, string.Join("; ", check.Problems()));
        }
    }
}
