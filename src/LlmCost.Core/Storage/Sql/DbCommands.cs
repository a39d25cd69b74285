using System;
using System.Data;
using System.Data.Common;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>Commands with typed parameters: PostgreSQL must know a parameter's type even when its value is null.</summary>
    internal static class DbCommands
    {
        public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
        {
            var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = transaction;
            return cmd;
        }

        public static DbCommand With(this DbCommand cmd, string name, object? value, DbType type)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.DbType = type;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
            return cmd;
        }

        public static DbCommand With(this DbCommand cmd, string name, string? value) => cmd.With(name, value, DbType.String);

        public static DbCommand With(this DbCommand cmd, string name, long? value) => cmd.With(name, value, DbType.Int64);

        public static DbCommand With(this DbCommand cmd, string name, int? value) => cmd.With(name, value, DbType.Int32);

        public static DbCommand With(this DbCommand cmd, string name, double? value) => cmd.With(name, value, DbType.Double);

        public static string? StringOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

        public static long? Int64OrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? (long?)null : r.GetInt64(i);
    }
}
