using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace LlmCost.Benchmarks
{
    /// <summary>
    /// Writes realistic Claude Code session logs: user turns, assistant messages streamed as 1-3 snapshots of the same
    /// message id, tool results with sizeable text, summaries, the occasional synthetic message; ~1.5 KB per line.
    /// </summary>
    internal static class ClaudeLogGenerator
    {
        private static readonly string[] Models = { "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001" };

        private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        private static string RandomId(Random rng, int length)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = Base62[rng.Next(Base62.Length)];
            return new string(chars);
        }

        public static int Generate(long lines, int files, string outDir, int seed)
        {
            var rng = new Random(seed);
            Directory.CreateDirectory(outDir);
            long written = 0, bytes = 0;
            var filler = new string('x', 4000);
            for (int f = 0; f < files && written < lines; f++)
            {
                string session = Guid.NewGuid().ToString();
                string project = Path.Combine(outDir, "-home-dev-project" + (f % 10));
                Directory.CreateDirectory(project);
                long perFile = (lines - written) / (files - f);
                var t = new DateTime(2025, 8, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(f);
                using var w = new StreamWriter(Path.Combine(project, session + ".jsonl"), false, new UTF8Encoding(false), 1 << 16);
                long n = 0;
                int msg = 0;
                while (n < perFile)
                {
                    t = t.AddSeconds(rng.Next(1, 30));
                    string ts = t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                    int kind = rng.Next(10);
                    string line;
                    if (kind < 3)
                    {
                        line = $"{{\"parentUuid\":\"p{n}\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/dev/project\",\"sessionId\":\"{session}\",\"version\":\"1.0.62\",\"gitBranch\":\"main\",\"type\":\"user\",\"message\":{{\"role\":\"user\",\"content\":[{{\"tool_use_id\":\"toolu_{n}\",\"type\":\"tool_result\",\"content\":\"{filler.Substring(0, rng.Next(300, 2500))}\"}}]}},\"uuid\":\"u{n}\",\"timestamp\":\"{ts}\"}}";
                        w.Write(line);
                        w.Write('\n');
                        bytes += line.Length + 1;
                        n++;
                        continue;
                    }

                    msg++;
                    // Real ids are random base62 (msg_01…, req_011C…), so request keys arrive in no particular order.
                    string messageId = "msg_01" + RandomId(rng, 22), requestId = "req_011C" + RandomId(rng, 18);
                    string model = Models[rng.Next(Models.Length)];
                    int snapshots = 1 + rng.Next(3);
                    long input = rng.Next(1, 50), read = rng.Next(0, 120000), write = rng.Next(0, 8000), output = rng.Next(20, 3000);
                    for (int s = 0; s < snapshots && n < perFile; s++)
                    {
                        long outNow = s == snapshots - 1 ? output : output / (snapshots - s + 1);
                        line = $"{{\"parentUuid\":\"p{n}\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/dev/project\",\"sessionId\":\"{session}\",\"version\":\"1.0.62\",\"gitBranch\":\"main\"," +
                               $"\"message\":{{\"id\":\"{messageId}\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"{model}\",\"content\":[{{\"type\":\"text\",\"text\":\"{filler.Substring(0, rng.Next(300, 1400))}\"}}],\"stop_reason\":null,\"stop_sequence\":null," +
                               $"\"usage\":{{\"input_tokens\":{input},\"cache_creation_input_tokens\":{write},\"cache_read_input_tokens\":{read},\"cache_creation\":{{\"ephemeral_5m_input_tokens\":{write},\"ephemeral_1h_input_tokens\":0}},\"output_tokens\":{outNow},\"service_tier\":\"standard\"}}}}," +
                               $"\"requestId\":\"{requestId}\",\"type\":\"assistant\",\"uuid\":\"a{n}\",\"timestamp\":\"{ts}\"}}";
                        w.Write(line);
                        w.Write('\n');
                        bytes += line.Length + 1;
                        n++;
                    }
                }

                written += n;
            }

            Console.WriteLine($"generated {written:N0} lines, {bytes / (1024.0 * 1024):N0} MB in {files} files under {outDir}");
            return 0;
        }
    }
}
