using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Storage.Sqlite;

namespace LlmCost.Core.Tests.Ingestion
{
    public sealed class ImporterTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly SqliteCostStore _store;

        public ImporterTests()
        {
            _store = SqliteCostStore.Open(_dir.File("import.db"));
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private string Logs => Path.Combine(_dir.Path, "logs");

        private (ImportSummary Summary, List<ImportError> Errors) Import(ImportOptions? options = null, params string[] paths)
        {
            var errors = new List<ImportError>();
            var summary = new UsageImporter(_store).Import(UsageImporter.ExpandPaths(paths.Length > 0 ? paths : new[] { Logs }, true), options, errors.Add);
            return (summary, errors);
        }

        private void CopyFixtures(params string[] names)
        {
            Directory.CreateDirectory(Path.Combine(Logs, "nested"));
            foreach (var n in names)
            {
                string target = n.EndsWith(".jsonl", StringComparison.Ordinal) ? Path.Combine(Logs, "nested", n) : Path.Combine(Logs, n);
                File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "payloads", n), target);
            }
        }

        [Fact]
        public void ImportingAFolderTwice_AndAGrownFile_CountsEverythingExactlyOnce()
        {
            CopyFixtures("claude-code-session.jsonl", "openai-batch-output.jsonl", "usage.csv", "openai-chat.json", "anthropic-stream.sse");
            var (first, errors) = Import();
            Assert.Empty(errors);
            Assert.Equal(5, first.Files);
            // Claude Code: msg_01A (last snapshot, example 2) $0.108 + msg_01B (example 6) $0.0057; synthetic and API-error lines skipped.
            // Batch output: gpt-4o-mini (10000 x 0.15 + 1000 x 0.60) x 0.5 = $0.00105; the failed request is skipped.
            // CSV: gpt-4o $0.005615 + gpt-4o-mini batch $0.00105 + llama-3.3-70b $0.000945 = $0.00761.
            // openai-chat.json $0.005615; anthropic-stream.sse $0.108.
            // Total: 0.1137 + 0.00105 + 0.00761 + 0.005615 + 0.108 = 0.235975
            Assert.Equal(8, first.Added);
            // Every record read is counted once: msg_01A's earlier snapshot was superseded by its last one.
            Assert.True(first.Superseded >= 1);
            Assert.Equal(first.Records, first.Added + first.Replaced + first.Duplicates + first.Superseded);
            Assert.Equal(0.235975m, _store.GetTotals(new CostQuery()).Cost);
            var claude = _store.GetTotals(new CostQuery { Sessions = new[] { "5f3c2a1e-0b7d-4c1e-9a3b-2d4e6f8a0b1c" } });
            Assert.Equal(2, claude.Requests);
            Assert.Equal(0.1137m, claude.Cost);

            var (second, errors2) = Import();
            Assert.Empty(errors2);
            Assert.Equal(5, second.FilesSkipped);
            Assert.Equal(0, second.Added);
            Assert.Equal(0, second.Lines);
            Assert.Equal(0.235975m, _store.GetTotals(new CostQuery()).Cost);

            // The session log grows: a later snapshot of msg_01B (output 100 -> 200) and a new message msg_01C.
            string log = Path.Combine(Logs, "nested", "claude-code-session.jsonl");
            File.AppendAllText(log,
                "{\"sessionId\":\"5f3c2a1e-0b7d-4c1e-9a3b-2d4e6f8a0b1c\",\"type\":\"assistant\",\"requestId\":\"req_011B\",\"timestamp\":\"2025-08-01T09:01:00.000Z\",\"message\":{\"id\":\"msg_01B\",\"type\":\"message\",\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":200,\"cache_creation_input_tokens\":4000,\"cache_read_input_tokens\":0,\"output_tokens\":200}}}\n" +
                "{\"sessionId\":\"5f3c2a1e-0b7d-4c1e-9a3b-2d4e6f8a0b1c\",\"type\":\"assistant\",\"requestId\":\"req_011C\",\"timestamp\":\"2025-08-01T09:05:00.000Z\",\"message\":{\"id\":\"msg_01C\",\"type\":\"message\",\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1000}}}\n");
            var (third, errors3) = Import();
            Assert.Empty(errors3);
            Assert.Equal(4, third.FilesSkipped);
            Assert.Equal(2, third.Lines); // resumed: only the appended lines were read
            Assert.Equal(1, third.Replaced);
            Assert.Equal(1, third.Added);
            // msg_01B now 200 x 1 + 4000 x 1.25 + 200 x 5 = 6200 -> $0.0062 (was $0.0057); msg_01C 1000 x 1 + 1000 x 5 = 6000 -> $0.006
            // 0.235975 - 0.0057 + 0.0062 + 0.006 = 0.242475
            Assert.Equal(0.242475m, _store.GetTotals(new CostQuery()).Cost);
            Assert.Equal(9, _store.GetTotals(new CostQuery()).Requests);

            // Forcing a full re-read changes nothing either.
            var (forced, _) = Import(new ImportOptions { Force = true });
            Assert.Equal(0, forced.Added + forced.Replaced);
            Assert.Equal(forced.Records, forced.Added + forced.Replaced + forced.Duplicates + forced.Superseded);
            Assert.Equal(0.242475m, _store.GetTotals(new CostQuery()).Cost);
        }

        [Fact]
        public void AGrownFile_RecordedByAnOlderVersionWithASha256Fingerprint_IsStillResumed()
        {
            CopyFixtures("claude-code-session.jsonl");
            string log = Path.Combine(Logs, "nested", "claude-code-session.jsonl");
            Assert.Equal(2, Import().Summary.Added);
            string stored;
            using (var conn = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _dir.File("import.db")))
            {
                conn.Open();
                using var read = conn.CreateCommand();
                read.CommandText = "SELECT head_hash FROM import_files";
                stored = (string)read.ExecuteScalar()!;
                // What versions before the managed fingerprint stored: SHA-256 of the first 4 KB, in base64.
                byte[] bytes = File.ReadAllBytes(log);
                string sha = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, Math.Min(4096, bytes.Length))));
                using var write = conn.CreateCommand();
                write.CommandText = "UPDATE import_files SET head_hash = $h";
                write.Parameters.AddWithValue("$h", sha);
                write.ExecuteNonQuery();
            }

            Assert.StartsWith("fnv1a64:", stored);
            File.AppendAllText(log,
                "{\"sessionId\":\"5f3c2a1e-0b7d-4c1e-9a3b-2d4e6f8a0b1c\",\"type\":\"assistant\",\"requestId\":\"req_011C\",\"timestamp\":\"2025-08-01T09:05:00.000Z\",\"message\":{\"id\":\"msg_01C\",\"type\":\"message\",\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1000}}}\n");
            var (again, errors) = Import();
            Assert.Empty(errors);
            Assert.Equal(1, again.Lines); // resumed after the old fingerprint matched: only the appended line was read
            Assert.Equal(1, again.Added);
        }

        [Theory]
        // Published FNV-1a 64-bit test vectors.
        [InlineData("", 0xcbf29ce484222325UL)]
        [InlineData("a", 0xaf63dc4c8601ec8cUL)]
        [InlineData("foobar", 0x85944171f73967e8UL)]
        public void TheFileFingerprint_IsFnv1a64(string text, ulong expected)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.Equal(expected, FileHead.Fnv1a64(bytes, bytes.Length));
        }

        [Fact]
        public void AFileWithTheSameSizeAndTime_IsTakenAsRead_UnlessForced_AndOneRewrittenLater_IsReadAgain()
        {
            // Two CSV files of one request each, same length: gpt-4o 1,000 in / 100 out = 0.0025 + 0.001 = 0.0035.
            Directory.CreateDirectory(Logs);
            string file = Path.Combine(Logs, "usage.csv");
            const string header = "timestamp,provider,model,input_tokens,output_tokens,request_id\n";
            File.WriteAllText(file, header + "2025-09-01T10:00:00Z,openai,gpt-4o,1000,100,aa\n");
            var stamp = File.GetLastWriteTimeUtc(file);
            Assert.Equal(1L, Import().Summary.Added);

            // Rewritten with other bytes of the same length and its time put back: the quick check (size and time, as
            // rsync's) takes it as read; -Force reads it.
            File.WriteAllText(file, header + "2025-09-01T10:00:00Z,openai,gpt-4o,1000,100,bb\n");
            File.SetLastWriteTimeUtc(file, stamp);
            var (quick, _) = Import();
            Assert.Equal((1L, 0L), ((long)quick.FilesSkipped, quick.Added));
            Assert.Equal(1L, Import(new ImportOptions { Force = true }).Summary.Added);

            // Rewritten again later (a new time): the start differs from what was read, so it is read from its start.
            File.WriteAllText(file, header + "2025-09-01T10:00:00Z,openai,gpt-4o,1000,100,cc\n");
            File.SetLastWriteTimeUtc(file, stamp.AddMinutes(1));
            Assert.Equal(1L, Import().Summary.Added);
            Assert.Equal(0.0105m, _store.GetTotals(new LlmCost.Core.Queries.CostQuery()).Cost); // aa, bb, cc
        }

        [Fact]
        public void CorruptedLog_ReportsEveryBadLineByNumber_AndImportsEveryGoodOne()
        {
            Directory.CreateDirectory(Logs);
            string file = Path.Combine(Logs, "corrupt.jsonl");
            string Good(string id, long prompt) =>
                "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1748772000,\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":0}}";
            var sb = new StringBuilder();
            sb.Append(Good("ok-1", 1000)).Append('\n');                                                                       // 1 good: 1000 x 2.5 = $0.0025
            sb.Append("{\"id\":\"trunc\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10,").Append('\n');                    // 2 truncated
            sb.Append("{\"id\":\"types\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":\"ten\",\"completion_tokens\":1}}\n");    // 3 wrong type
            sb.Append("{\"id\":\"neg\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":-10,\"completion_tokens\":1}}\n");          // 4 negative
            sb.Append("{\"id\":\"missing\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":10}}\n");                                // 5 missing field
            sb.Append("{\"id\":\"huge\",\"content\":\"").Append('x', 10 * 1024 * 1024).Append('\n');                                // 6 a 10 MB broken line
            sb.Append("{\"id\":\"nomodel\",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1}}\n");                            // 7 no model
            sb.Append(Good("ok-2", 2000)).Append('\n');                                                                       // 8 good: 2000 x 2.5 = $0.005
            sb.Append('\n');                                                                                                  // 9 blank: ignored
            sb.Append(Good("ok-3", 4000));                                                                                    // 10 good, no final newline: $0.01
            File.WriteAllText(file, sb.ToString());

            var (summary, errors) = Import(null, file);
            Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7 }, errors.Select(e => e.Line));
            Assert.All(errors, e => Assert.Equal(file, e.File));
            Assert.Contains("usage.prompt_tokens", errors[1].Message);
            Assert.Contains("negative", errors[2].Message);
            Assert.Contains("usage.completion_tokens", errors[3].Message);
            Assert.Contains("model", errors[5].Message);
            Assert.Equal(6, summary.Errors);
            Assert.Equal(3, summary.Added);
            Assert.Equal(10, summary.Lines);
            Assert.Equal(0.0175m, _store.GetTotals(new CostQuery()).Cost); // 0.0025 + 0.005 + 0.01
        }

        [Fact]
        public void OverLongLines_AreSkippedWithoutLosingTheNextLine()
        {
            Directory.CreateDirectory(Logs);
            string file = Path.Combine(Logs, "long.jsonl");
            File.WriteAllText(file, new string(' ', 3 * 1024 * 1024) + "{}\n" +
                                    "{\"id\":\"after\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":0}}\n");
            var (summary, errors) = Import(new ImportOptions { MaxLineBytes = 1024 * 1024 }, file);
            var e = Assert.Single(errors);
            Assert.Equal(1, e.Line);
            Assert.Equal("LineTooLong", e.ErrorId);
            Assert.Equal(1, summary.Added);
        }

        [Fact]
        public void BadCsvCells_AreReportedWithColumnAndLine()
        {
            Directory.CreateDirectory(Logs);
            string file = Path.Combine(Logs, "bad.csv");
            File.WriteAllText(file, "provider,model,input_tokens,output_tokens,timestamp\n" +
                                    "openai,gpt-4o,1000,0,2025-06-01T00:00:00Z\n" +
                                    "openai,gpt-4o,lots,0,2025-06-01T00:00:00Z\n" +
                                    "openai,gpt-4o,1000,0,yesterday\n" +
                                    "openai,,1000,0,2025-06-01T00:00:00Z\n");
            var (summary, errors) = Import(null, file);
            Assert.Equal(new long[] { 3, 4, 5 }, errors.Select(e => e.Line));
            Assert.Contains("input_tokens", errors[0].Message);
            Assert.Contains("timestamp", errors[1].Message);
            Assert.Equal(1, summary.Added);

            File.WriteAllText(Path.Combine(Logs, "noheader.csv"), "a,b\n1,2\n");
            var (_, headerErrors) = Import(null, Path.Combine(Logs, "noheader.csv"));
            Assert.Equal("InvalidCsvHeader", Assert.Single(headerErrors).ErrorId);
        }

        /// <summary>A Claude Code line of claude-haiku-4-5: 200 x 1 + 100 x 5 = 700 -> $0.0007 (cost-rules example 6 prices).</summary>
        private static string HaikuLine(int n, string outputTokens = "100") =>
            "{\"sessionId\":\"s1\",\"type\":\"assistant\",\"requestId\":\"req_" + n + "\",\"timestamp\":\"2025-08-01T09:00:00.000Z\",\"message\":{\"id\":\"msg_" + n +
            "\",\"type\":\"message\",\"model\":\"claude-haiku-4-5-20251001\",\"usage\":{\"input_tokens\":200,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + outputTokens + "}}}";

        [Fact]
        public void PoisonLines_AreFileLineErrors_AndEverythingElseIsImported()
        {
            Directory.CreateDirectory(Logs);
            var utf8 = System.Text.Encoding.UTF8;
            byte[] Bad(string line, string find, byte[] with)
            {
                var bytes = utf8.GetBytes(line);
                var f = utf8.GetBytes(find);
                int at = System.Linq.Enumerable.Range(0, bytes.Length - f.Length).First(i => bytes.Skip(i).Take(f.Length).SequenceEqual(f));
                return bytes.Take(at).Concat(with).Concat(bytes.Skip(at + f.Length)).ToArray();
            }

            var lines = new List<byte[]>
            {
                utf8.GetBytes(HaikuLine(1)),                                                  // 1: good (after a BOM)
                Bad(HaikuLine(2), "\"s1\"", new byte[] { (byte)'"', 0xFF, 0xFE, (byte)'"' }),    // 2: invalid UTF-8 in sessionId
                Bad(HaikuLine(3), "claude-haiku", new byte[] { 0xC3, (byte)'c' }),             // 3: invalid UTF-8 in model
                utf8.GetBytes(HaikuLine(4, "9223372036854775807")),                            // 4: a count whose cost overflows
                Bad(HaikuLine(5), "T09", new byte[] { (byte)'T', 0xFF }),                       // 5: invalid UTF-8 in timestamp
                utf8.GetBytes(HaikuLine(6).Replace("\"model\":\"claude-haiku-4-5-20251001\",", "")), // 6: usage without a model
                utf8.GetBytes(HaikuLine(7)),                                                  // 7: good
            };
            var file = new List<byte> { 0xEF, 0xBB, 0xBF };
            foreach (var l in lines)
            {
                file.AddRange(l);
                file.Add((byte)'\n');
            }

            File.WriteAllBytes(Path.Combine(Logs, "a.jsonl"), file.ToArray());
            File.WriteAllText(Path.Combine(Logs, "b.jsonl"), HaikuLine(8) + "\n");

            var (summary, errors) = Import();
            Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, errors.Select(e => e.Line).ToArray());
            Assert.All(errors, e => Assert.EndsWith("a.jsonl", e.File));
            Assert.Equal(3, summary.Added); // lines 1 and 7, and b.jsonl: 3 x $0.0007
            Assert.Equal(0.0021m, _store.GetTotals(new CostQuery()).Cost);
            Assert.Equal(summary.Records, summary.Added + summary.Replaced + summary.Duplicates + summary.Superseded);

            // The rerun reads nothing new and fails on nothing: one bad line never blocks the import.
            var (again, againErrors) = Import();
            Assert.Empty(againErrors);
            Assert.Equal(2, again.FilesSkipped);
        }

        [Fact]
        public void ALaterSnapshotOfAMessage_NotNextToTheFirst_ReplacesIt_AndTheSummariesStayExact()
        {
            // msg 1 (output 100), msg 2, then msg 1 again with output 300: one transaction writes all three, the third
            // replaces the first. claude-haiku-4-5: msg 1 = 200 x 1 + 300 x 5 = 1700 -> $0.0017, msg 2 = 700 -> $0.0007.
            Directory.CreateDirectory(Logs);
            File.WriteAllText(Path.Combine(Logs, "s.jsonl"), HaikuLine(1) + "\n" + HaikuLine(2) + "\n" + HaikuLine(1, "300") + "\n");
            var (summary, errors) = Import();
            Assert.Empty(errors);
            Assert.Equal(2, summary.Added);
            Assert.Equal(1, summary.Replaced);
            var totals = _store.GetTotals(new CostQuery());
            Assert.Equal(2, totals.Requests);
            Assert.Equal(0.0024m, totals.Cost);
            var check = _store.Check();
            Assert.True(check.Healthy, string.Join("; ", check.Problems()));
        }

        [Fact]
        public void ASymlinkLoop_IsVisitedOnce()
        {
            if (OperatingSystem.IsWindows()) return;
            Directory.CreateDirectory(Path.Combine(Logs, "a", "b"));
            File.WriteAllText(Path.Combine(Logs, "a", "b", "s.jsonl"), HaikuLine(1) + "\n{broken\n");
            Directory.CreateSymbolicLink(Path.Combine(Logs, "a", "b", "loop"), Path.Combine(Logs, "a")); // a/b/loop -> a
            Directory.CreateSymbolicLink(Path.Combine(Logs, "again"), Path.Combine(Logs, "a"));           // a second way into a

            var files = UsageImporter.ExpandPaths(new[] { Logs }, true).ToList();
            Assert.Single(files);
            var (summary, errors) = Import();
            Assert.Equal(1, summary.Added);
            Assert.Equal(2, Assert.Single(errors).Line); // the bad line reported once, not once per path
        }

        [Fact]
        public void MissingFile_IsAnErrorNotACrash()
        {
            var (summary, errors) = Import(null, Path.Combine(_dir.Path, "nope.jsonl"));
            Assert.Equal("FileNotFound", Assert.Single(errors).ErrorId);
            Assert.Equal(1, summary.Errors);
        }
    }
}
