using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace LlmCost.Core.Tests.Ingestion
{
    /// <summary>
    /// The bodies under Fixtures/responses and the counts worked out by hand for each (expected.tsv): one row per record
    /// the body must store. Shared with the CLI tests (linked there), so it finds the folder from the repository root.
    /// </summary>
    public static class ResponseCorpus
    {
        public static string Folder
        {
            get
            {
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d != null && !File.Exists(Path.Combine(d.FullName, "LlmCost.sln"))) d = d.Parent;
                return Path.Combine(d!.FullName, "tests", "LlmCost.Core.Tests", "Fixtures", "responses");
            }
        }

        public sealed class Row
        {
            public string File = "", RequestId = "", Provider = "", Model = "";
            public long Input, CacheRead, Write5m, Write1h, Output, Reasoning;

            public string Counts => $"{Provider}/{Model} in={Input} read={CacheRead} w5m={Write5m} w1h={Write1h} out={Output} reasoning={Reasoning}";
        }

        public static IReadOnlyList<Row> Expected() =>
            System.IO.File.ReadAllLines(Path.Combine(Folder, "expected.tsv"))
                .Where(l => l.Length > 0 && l[0] != '#')
                .Select(l => l.Split('\t'))
                .Select(c => new Row
                {
                    File = c[0], RequestId = c[1], Provider = c[2], Model = c[3],
                    Input = N(c[4]), CacheRead = N(c[5]), Write5m = N(c[6]), Write1h = N(c[7]), Output = N(c[8]), Reasoning = N(c[9]),
                })
                .ToList();

        /// <summary>Every body in the folder (so a body without expected counts fails the corpus test).</summary>
        public static IReadOnlyList<string> Bodies() =>
            Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();

        public static string Counts(string provider, string model, long input, long read, long w5m, long w1h, long output, long reasoning) =>
            $"{provider}/{model} in={input} read={read} w5m={w5m} w1h={w1h} out={output} reasoning={reasoning}";

        /// <summary>Each request's expected counts (<see cref="Counts"/>) by request id.</summary>
        public static Dictionary<string, string> ExpectedByKey() => Expected().ToDictionary(r => r.RequestId, r => r.Counts);

        /// <summary>Lists every request whose stored counts differ, not just the first.</summary>
        public static void AssertSame(Dictionary<string, string> expected, Dictionary<string, string> got)
        {
            var wrong = expected.Keys.Union(got.Keys).OrderBy(k => k, StringComparer.Ordinal)
                .Where(k => !expected.TryGetValue(k, out var e) || !got.TryGetValue(k, out var g) || e != g)
                .Select(k => $"{k}: expected {(expected.TryGetValue(k, out var e) ? e : "(none)")}, stored {(got.TryGetValue(k, out var g) ? g : "(none)")}")
                .ToList();
            Xunit.Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        }

        private static long N(string s) => long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
