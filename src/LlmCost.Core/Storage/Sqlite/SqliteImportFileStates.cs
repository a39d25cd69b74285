using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>The import_files table: how far each file was imported.</summary>
    internal static class SqliteImportFileStates
    {
        public static ImportFileState? Read(SqliteConnection conn, string path)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT size, modified_at, head_hash, offset, lines, format FROM import_files WHERE path = $p";
            cmd.Parameters.AddWithValue("$p", path);
            using var r = cmd.ExecuteReader();
            return r.Read()
                ? new ImportFileState { Path = path, Size = r.GetInt64(0), ModifiedMs = r.GetInt64(1), HeadHash = r.GetString(2), Offset = r.GetInt64(3), Lines = r.GetInt64(4), Format = r.GetString(5) }
                : null;
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
