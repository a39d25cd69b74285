using System;
using System.IO;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Tests
{
    /// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmcost-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal static class Utc
    {
        public static DateTime At(int y, int m, int d, int h = 0, int min = 0, int s = 0) => new DateTime(y, m, d, h, min, s, DateTimeKind.Utc);
    }
}
