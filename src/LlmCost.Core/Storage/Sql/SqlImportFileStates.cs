using System;
using System.Collections.Generic;
using LlmCost.Core.Time;
using System.Data.Common;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>The import_files table: how far each file was imported.</summary>
    internal static class SqlImportFileStates
    {
        public static Dictionary<string, ImportFileState> ReadAll(DbConnection conn)
        {
            var all = new Dictionary<string, ImportFileState>(StringComparer.Ordinal);
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT path, size, modified_at, head_hash, \"offset\", lines, format FROM import_files";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                string path = r.GetString(0);
                all[path] = new ImportFileState { Path = path, Size = r.GetInt64(1), ModifiedMs = r.GetInt64(2), HeadHash = r.GetString(3), Offset = r.GetInt64(4), Lines = r.GetInt64(5), Format = r.GetString(6) };
            }

            return all;
        }

        public static void Write(DbConnection conn, DbTransaction tx, ImportFileState s)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO import_files (path, size, modified_at, head_hash, \"offset\", lines, format, imported_at) VALUES (@p, @s, @m, @h, @o, @l, @f, @now) " +
                              "ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_at = excluded.modified_at, head_hash = excluded.head_hash, " +
                              "\"offset\" = excluded.\"offset\", lines = excluded.lines, format = excluded.format, imported_at = excluded.imported_at";
            cmd.With("@p", s.Path);
            cmd.With("@s", s.Size);
            cmd.With("@m", s.ModifiedMs);
            cmd.With("@h", s.HeadHash);
            cmd.With("@o", s.Offset);
            cmd.With("@l", s.Lines);
            cmd.With("@f", s.Format);
            cmd.With("@now", UnixMs.From(System.DateTime.UtcNow));
            cmd.ExecuteNonQuery();
        }
    }
}
