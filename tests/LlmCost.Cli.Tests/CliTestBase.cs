using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Xunit;

// Commands write warnings to Console.Error, which a test swaps to capture them: two tests at once would catch each other's.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace LlmCost.Cli.Tests
{
    /// <summary>A fresh folder and database per test, and the CLI run in-process with stdout and stderr captured.</summary>
    public abstract class CliTestBase : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmcost-cli-tests", Guid.NewGuid().ToString("N"));

        protected CliTestBase() => Directory.CreateDirectory(_dir);

        protected string Db => Path.Combine(_dir, "cli.db");

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>The built llmcost.dll of this configuration, for tests that run the CLI as its own process.</summary>
        protected static string CliDll()
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "LlmCost.sln"))) d = d.Parent;
            string config = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Release" + Path.DirectorySeparatorChar) ? "Release" : "Debug";
            return Path.Combine(d!.FullName, "src", "LlmCost.Cli", "bin", config, "net10.0", "llmcost.dll");
        }

        /// <summary>Commands also write warnings to Console.Error directly: it is captured with the rest of stderr.</summary>
        protected static (int Code, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var oldErr = Console.Error;
            Console.SetError(stderr);
            try
            {
                return (Program.Run(args, stdout, stderr), stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetError(oldErr);
            }
        }
    }
}
