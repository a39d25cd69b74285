using System;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>SQLite's result codes that mean something to a user, turned into errors naming the store and the cause.</summary>
    internal static class SqliteErrors
    {
        private const int ReadOnly = 8, Full = 13, Corrupt = 11, NotADatabase = 26;

        /// <summary>A clear <see cref="StoreException"/> for <paramref name="ex"/>, or null when SQLite's own message is as good.</summary>
        public static StoreException? Explain(SqliteException ex, string path) => ex.SqliteErrorCode switch
        {
            ReadOnly => new StoreException("StoreReadOnly",
                $"The LlmCost database '{path}' cannot be written: the file or its folder is read-only ({ex.Message}). Nothing was changed.", ex),
            Full => new StoreException("StoreFull",
                $"The disk holding the LlmCost database '{path}' is full ({ex.Message}). The unfinished transaction was rolled back; free space and run the command again.", ex),
            Corrupt or NotADatabase => new StoreException("StoreDamaged",
                $"The LlmCost database '{path}' is damaged ({ex.Message}): restore it from a backup (docs/reliability.md); llmcost store check / Test-LlmCostStore shows what is wrong.", ex),
            _ => null,
        };

        /// <summary>Runs a store operation, turning the SQLite errors above into clear ones.</summary>
        public static T Guard<T>(string path, Func<T> work)
        {
            try
            {
                return work();
            }
            catch (SqliteException ex) when (Explain(ex, path) is StoreException clear)
            {
                throw clear;
            }
        }

        public static void Guard(string path, Action work) => Guard(path, () =>
        {
            work();
            return 0;
        });
    }
}
