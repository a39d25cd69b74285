using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace LlmCost.Cli.Tests
{
    /// <summary>README's CLI quick start, run top to bottom on a new store, prints what its comments say.</summary>
    public sealed class ReadmeQuickStartTests : CliTestBase
    {
        [Fact]
        public void QuickStart_ProducesWhatItShows()
        {
            string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
            string block = Regex.Match(readme, @"## CLI quick start\s+```sh\n(?<b>.*?)```", RegexOptions.Singleline).Groups["b"].Value;
            var lines = block.Split('\n').Where(l => l.StartsWith("llmcost ", StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count >= 8, "the quick start lost its commands");
            string cwd = Environment.CurrentDirectory;
            Environment.CurrentDirectory = Path.GetDirectoryName(Db)!; // costs.csv lands in the test folder
            try
            {
                foreach (string line in lines.Where(l => !l.Contains(" import ")))
                {
                    int hash = line.IndexOf("  #", StringComparison.Ordinal);
                    string command = hash > 0 ? line.Substring(0, hash).Trim() : line.Trim();
                    string expected = hash > 0 ? line.Substring(hash + 3).Trim() : "";
                    foreach (string part in command.Split(new[] { "&&" }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        var argv = Regex.Matches(part.Trim(), @"'[^']*'|\S+").Select(m => m.Value.Trim('\'')).Skip(1).Concat(new[] { "--db", Db }).ToArray();
                        var r = Run(argv);
                        Assert.True(r.Code == 0, $"{part.Trim()} exited {r.Code}: {r.Err}");
                        // A comment that names an amount or a pair of prices must appear in the output.
                        foreach (Match m in Regex.Matches(expected, @"\$?\d+(\.\d+)?"))
                        {
                            Assert.Contains(m.Value, r.Out);
                        }
                    }
                }
            }
            finally
            {
                Environment.CurrentDirectory = cwd;
            }

            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Db)!, "costs.csv")));
        }

        private static string RepoRoot()
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "LlmCost.sln"))) d = d.Parent;
            return d!.FullName;
        }
    }
}
