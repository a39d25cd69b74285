using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;
using LlmCost.Core.Billing;
using LlmCost.Core.Time;

namespace LlmCost.Core.Storage.Sql
{
    /// <summary>The provider_costs table (<see cref="IProviderCostRepository"/>) for every engine.</summary>
    internal static class SqlProviderCosts
    {
        private const string Columns = "provider, kind, starts_at, ends_at, model, line_item, project, amount_nano, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens, requests, source, imported_at";

        public static long Save(SqlEngine engine, ProviderCostReport report)
        {
            string kind = KindText(report.Kind);
            long replaced = 0;
            long now = UnixMs.From(DateTime.UtcNow);
            using var conn = engine.Open();
            using var tx = engine.BeginWrite(conn);
            engine.SerializeWriters(conn, tx, "provider_costs");
            using (var delete = conn.Command("DELETE FROM provider_costs WHERE provider = @p AND kind = @k AND starts_at = @s", tx))
            {
                foreach (var start in report.Buckets)
                {
                    delete.Parameters.Clear();
                    replaced += delete.With("@p", report.Provider).With("@k", kind).With("@s", UnixMs.From(start)).ExecuteNonQuery();
                }
            }

            using (var insert = conn.Command($"INSERT INTO provider_costs ({Columns}) VALUES (@p, @k, @s, @e, @m, @li, @pr, @a, @in, @cr, @cw, @out, @req, @src, @at)", tx))
            {
                foreach (var l in report.Lines)
                {
                    insert.Parameters.Clear();
                    insert.With("@p", l.Provider).With("@k", kind).With("@s", UnixMs.From(l.StartsAtUtc)).With("@e", UnixMs.From(l.EndsAtUtc))
                        .With("@m", l.Model).With("@li", l.LineItem).With("@pr", l.Project).With("@a", l.AmountNano)
                        .With("@in", l.InputTokens).With("@cr", l.CacheReadTokens).With("@cw", l.CacheWriteTokens).With("@out", l.OutputTokens)
                        .With("@req", l.Requests).With("@src", l.Source).With("@at", now);
                    insert.ExecuteNonQuery();
                }
            }

            tx.Commit();
            return replaced;
        }

        public static IReadOnlyList<ProviderCostLine> Get(DbConnection conn, DateTime? since, DateTime? until, IReadOnlyList<string>? providers)
        {
            var sql = new StringBuilder($"SELECT {Columns} FROM provider_costs WHERE 1 = 1");
            using var cmd = conn.CreateCommand();
            if (since.HasValue)
            {
                sql.Append(" AND starts_at >= @since");
                cmd.With("@since", UnixMs.From(since.Value));
            }

            if (until.HasValue)
            {
                sql.Append(" AND starts_at < @until");
                cmd.With("@until", UnixMs.From(until.Value));
            }

            if (providers != null && providers.Count > 0)
            {
                sql.Append(" AND provider IN (");
                for (int i = 0; i < providers.Count; i++)
                {
                    sql.Append(i == 0 ? "" : ", ").Append("@prov").Append(i);
                    cmd.With("@prov" + i, providers[i].ToLowerInvariant());
                }

                sql.Append(')');
            }

            sql.Append(" ORDER BY starts_at, provider, kind, line_id");
            cmd.CommandText = sql.ToString();
            var list = new List<ProviderCostLine>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                long? Long(int i) => r.IsDBNull(i) ? (long?)null : r.GetInt64(i);
                string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                list.Add(new ProviderCostLine
                {
                    Provider = r.GetString(0),
                    Kind = r.GetString(1) == "usage" ? ProviderCostKind.Usage : ProviderCostKind.Cost,
                    StartsAtUtc = UnixMs.ToUtc(r.GetInt64(2)),
                    EndsAtUtc = UnixMs.ToUtc(r.GetInt64(3)),
                    Model = Text(4),
                    LineItem = Text(5),
                    Project = Text(6),
                    AmountNano = Long(7),
                    InputTokens = Long(8),
                    CacheReadTokens = Long(9),
                    CacheWriteTokens = Long(10),
                    OutputTokens = Long(11),
                    Requests = Long(12),
                    Source = r.GetString(13),
                });
            }

            return list;
        }

        private static string KindText(ProviderCostKind kind) => kind == ProviderCostKind.Usage ? "usage" : "cost";
    }
}
