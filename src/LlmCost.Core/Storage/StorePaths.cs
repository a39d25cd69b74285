using System;
using System.IO;

namespace LlmCost.Core.Storage
{
    public static class StorePaths
    {
        public const string DatabaseEnvironmentVariable = "LLMCOST_DB";

        /// <summary>$LLMCOST_DB (a file path or a PostgreSQL connection string), else the per-user data folder (%LOCALAPPDATA%\LlmCost or ~/.local/share/LlmCost).</summary>
        public static string DefaultDatabasePath()
        {
            string? env = Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(env))
            {
                // A PostgreSQL connection string names the team store as it is; anything else is a file path.
                return CostStores.LooksLikeConnectionString(env!) ? env!.Trim() : Path.GetFullPath(env!.Trim());
            }

            string baseDir = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(baseDir))
            {
                string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                baseDir = !string.IsNullOrEmpty(xdg)
                    ? xdg!
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(baseDir, "LlmCost", "llmcost.db");
        }
    }
}
