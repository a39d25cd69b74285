using System;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// A prepared statement bound by position on the connection's native handle: the per-row insert path, where
    /// Microsoft.Data.Sqlite's by-name binding and per-execution reader cost more than SQLite itself. It runs inside
    /// whatever transaction the connection has open. SQLite keeps bindings across executions, so a parameter is only
    /// bound again when its value changed (strings compared by reference): consecutive rows mostly share provider,
    /// model, session, price and source.
    /// </summary>
    internal sealed class RawStatement : IDisposable
    {
        private enum Bound : byte
        {
            Nothing,
            Null,
            Text,
            Integer,
            Real,
        }

        private readonly sqlite3 _db;
        private sqlite3_stmt? _stmt;
        private byte[] _utf8 = new byte[512];
        private readonly Bound[] _kind;
        private readonly string?[] _text;
        private readonly long[] _value;

        public RawStatement(SqliteConnection connection, string sql)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            Check(raw.sqlite3_prepare_v2(_db, sql, out var stmt));
            _stmt = stmt;
            int slots = raw.sqlite3_bind_parameter_count(stmt) + 1; // parameters are numbered from 1
            _kind = new Bound[slots];
            _text = new string?[slots];
            _value = new long[slots];
        }

        public void Text(int index, string? value)
        {
            if (value == null)
            {
                Null(index);
                return;
            }

            if (_kind[index] == Bound.Text && ReferenceEquals(_text[index], value)) return;

            // Encoded into one reused buffer: SQLite copies bound text (SQLITE_TRANSIENT), so nothing is allocated per row.
            int max = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
            int length = Encoding.UTF8.GetBytes(value, 0, value.Length, _utf8, 0);
            Check(raw.sqlite3_bind_text(_stmt, index, new ReadOnlySpan<byte>(_utf8, 0, length)));
            _kind[index] = Bound.Text;
            _text[index] = value;
        }

        public void Int(int index, long value)
        {
            if (_kind[index] == Bound.Integer && _value[index] == value) return;
            Check(raw.sqlite3_bind_int64(_stmt, index, value));
            _kind[index] = Bound.Integer;
            _value[index] = value;
            _text[index] = null;
        }

        public void Int(int index, long? value)
        {
            if (value == null) Null(index);
            else Int(index, value.Value);
        }

        public void Real(int index, double? value)
        {
            if (value == null)
            {
                Null(index);
                return;
            }

            long bits = BitConverter.DoubleToInt64Bits(value.Value);
            if (_kind[index] == Bound.Real && _value[index] == bits) return;
            Check(raw.sqlite3_bind_double(_stmt, index, value.Value));
            _kind[index] = Bound.Real;
            _value[index] = bits;
            _text[index] = null;
        }

        private void Null(int index)
        {
            if (_kind[index] == Bound.Null) return;
            Check(raw.sqlite3_bind_null(_stmt, index));
            _kind[index] = Bound.Null;
            _text[index] = null;
        }

        /// <summary>Runs a query; the first column of its first row as text, or null when it returns no row.</summary>
        public string? FirstText()
        {
            string? text = Step() ? raw.sqlite3_column_text(_stmt, 0).utf8_to_string() : null;
            raw.sqlite3_reset(_stmt);
            return text;
        }

        /// <summary>Runs a query; the first column of its first row as an integer, or null when it returns no row.</summary>
        public long? FirstInt64()
        {
            long? value = Step() ? raw.sqlite3_column_int64(_stmt, 0) : (long?)null;
            raw.sqlite3_reset(_stmt);
            return value;
        }

        /// <summary>The command's text prepared on its connection's native handle, with its named parameters bound.</summary>
        public static RawStatement Of(SqliteCommand command)
        {
            var statement = new RawStatement(command.Connection!, command.CommandText);
            foreach (SqliteParameter parameter in command.Parameters) statement.Bind(parameter.ParameterName, parameter.Value);
            return statement;
        }

        /// <summary>Binds a named parameter ($name) if the statement has it (a long or a string).</summary>
        private void Bind(string name, object? value)
        {
            int index = raw.sqlite3_bind_parameter_index(_stmt, name);
            if (index == 0) return;
            switch (value)
            {
                case long l: Int(index, l); break;
                case int i: Int(index, i); break;
                case string t: Text(index, t); break;
                case null: Null(index); break;
                default: throw new ArgumentException($"Cannot bind a {value.GetType().Name} to {name}.", nameof(value));
            }
        }

        public bool ColumnIsFloat(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_FLOAT;

        /// <summary>Steps a query to its next row: true when there is one (read it with the Column methods, then <see cref="Reset"/>).</summary>
        public bool Read() => Step();

        /// <summary>Ends a query read with <see cref="Read"/>, so the statement can run again.</summary>
        public void Reset() => raw.sqlite3_reset(_stmt);

        public bool ColumnIsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

        public long ColumnInt64(int column) => raw.sqlite3_column_int64(_stmt, column);

        public double ColumnDouble(int column) => raw.sqlite3_column_double(_stmt, column);

        public string? ColumnTextOrNull(int column) => ColumnIsNull(column) ? null : ColumnText(column);

        public string ColumnText(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string() ?? "";

        /// <summary>A text column through <paramref name="last"/>: the same string as the row before when its bytes are equal.</summary>
        public string ColumnText(int column, RepeatedText last) => last.Of(raw.sqlite3_column_blob(_stmt, column));

        /// <summary>Runs the statement to completion; returns the number of rows it changed.</summary>
        public int Execute()
        {
            Step();
            raw.sqlite3_reset(_stmt);
            return raw.sqlite3_changes(_db);
        }

        /// <summary>One step: true when it produced a row. On an error, throws with SQLite's message (read before the reset).</summary>
        private bool Step()
        {
            int rc = raw.sqlite3_step(_stmt);
            if (rc == raw.SQLITE_ROW) return true;
            if (rc == raw.SQLITE_DONE) return false;
            var error = Error(rc);
            raw.sqlite3_reset(_stmt);
            throw error;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) throw Error(rc);
        }

        private SqliteException Error(int rc) => new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(_db));

        public void Dispose()
        {
            if (_stmt == null) return;
            raw.sqlite3_finalize(_stmt);
            _stmt = null;
        }
    }
}
