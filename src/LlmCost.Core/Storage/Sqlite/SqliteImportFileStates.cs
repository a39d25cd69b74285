using System;
using System.Collections.Generic;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>The import_files table: how far each file was imported.</summary>
    internal static class SqliteImportFileStates
    {
        public static Dictionary<string, ImportFileState> ReadAll(SqliteConnection conn)
        {
            var all = new Dictionary<string, ImportFileState>(StringComparer.Ordinal);
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT path, size, modified_at, head_hash, offset, lines, format FROM import_files";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                string path = r.GetString(0);
                all[path] = new ImportFileState { Path = path, Size = r.GetInt64(1), ModifiedMs = r.GetInt64(2), HeadHash = r.GetString(3), Offset = r.GetInt64(4), Lines = r.GetInt64(5), Format = r.GetString(6) };
            }

            return all;
        }

        public static void Write(SqliteConnection conn, SqliteTransaction tx, ImportFileState s)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO import_files (path, size, modified_at, head_hash, offset, lines, format, imported_at) VALUES ($p, $s, $m, $h, $o, $l, $f, $now) " +
                              "ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_at = excluded.modified_at, head_hash = excluded.head_hash, " +
                              "offset = excluded.offset, lines = excluded.lines, format = excluded.format, imported_at = excluded.imported_at";
            cmd.Parameters.AddWithValue("$p", s.Path);
            cmd.Parameters.AddWithValue("$s", s.Size);
            cmd.Parameters.AddWithValue("$m", s.ModifiedMs);
            cmd.Parameters.AddWithValue("$h", s.HeadHash);
            cmd.Parameters.AddWithValue("$o", s.Offset);
            cmd.Parameters.AddWithValue("$l", s.Lines);
            cmd.Parameters.AddWithValue("$f", s.Format);
            cmd.Parameters.AddWithValue("$now", UnixMs.From(System.DateTime.UtcNow));
            cmd.ExecuteNonQuery();
        }
    }
}
