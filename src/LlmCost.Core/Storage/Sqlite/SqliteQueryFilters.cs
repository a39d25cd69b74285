using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>A query's filters and time range as SQL conditions, their values added to the command as parameters.</summary>
    internal static class SqliteQueryFilters
    {
        internal static string Filters(CostQuery q, SqliteCommand cmd)
        {
            var sb = new StringBuilder();
            Sessions(sb, cmd, q.Sessions);
            In(sb, cmd, "provider", "p", q.Providers?.Select(Pricing.PriceCatalog.NormalizeProvider).ToList());
            if (q.Models != null && q.Models.Count > 0)
            {
                sb.Append(" AND (");
                for (int i = 0; i < q.Models.Count; i++)
                {
                    if (i > 0) sb.Append(" OR ");
                    string name = "$m" + i.ToString(CultureInfo.InvariantCulture);
                    sb.Append("model LIKE ").Append(name).Append(" ESCAPE '\\'");
                    if (!cmd.Parameters.Contains(name)) cmd.Parameters.AddWithValue(name, WildcardToLike(q.Models[i]));
                }

                sb.Append(')');
            }

            if (q.Tags != null && q.Tags.Count > 0)
            {
                sb.Append(" AND (");
                for (int i = 0; i < q.Tags.Count; i++)
                {
                    if (i > 0) sb.Append(" OR ");
                    string name = "$t" + i.ToString(CultureInfo.InvariantCulture);
                    sb.Append("tags LIKE ").Append(name).Append(" ESCAPE '\\'");
                    if (!cmd.Parameters.Contains(name)) cmd.Parameters.AddWithValue(name, "%," + EscapeLike(q.Tags[i]) + ",%");
                }

                sb.Append(')');
            }

            if (q.OnlyUnpriced) sb.Append(" AND cost_nano IS NULL");
            return sb.ToString();
        }

        /// <summary>Exact session ids by IN (the index), ids with * or ? by GLOB (case-sensitive, like the ids themselves).</summary>
        private static void Sessions(StringBuilder sb, SqliteCommand cmd, IReadOnlyList<string>? sessions)
        {
            if (sessions == null || sessions.Count == 0) return;
            var exact = sessions.Where(s => s.IndexOfAny(WildcardChars) < 0).ToList();
            var patterns = sessions.Where(s => s.IndexOfAny(WildcardChars) >= 0).ToList();
            if (patterns.Count == 0)
            {
                In(sb, cmd, "session_id", "s", exact);
                return;
            }

            var any = new List<string>();
            if (exact.Count > 0) any.Add(InList(cmd, "session_id", "s", exact));
            for (int i = 0; i < patterns.Count; i++)
            {
                string name = "$sg" + i.ToString(CultureInfo.InvariantCulture);
                any.Add("session_id GLOB " + name);
                // '[' is GLOB's own wildcard: matched literally as '[[]'.
                if (!cmd.Parameters.Contains(name)) cmd.Parameters.AddWithValue(name, patterns[i].Replace("[", "[[]"));
            }

            sb.Append(" AND (").Append(string.Join(" OR ", any)).Append(')');
        }

        private static readonly char[] WildcardChars = { '*', '?' };

        private static void In(StringBuilder sb, SqliteCommand cmd, string column, string prefix, IReadOnlyList<string>? values)
        {
            if (values == null || values.Count == 0) return;
            sb.Append(" AND ").Append(InList(cmd, column, prefix, values));
        }

        /// <summary>"column IN ($p0, $p1, ...)" with its parameters added to <paramref name="cmd"/>.</summary>
        private static string InList(SqliteCommand cmd, string column, string prefix, IReadOnlyList<string> values)
        {
            var names = new string[values.Count];
            for (int i = 0; i < values.Count; i++)
            {
                names[i] = "$" + prefix + i.ToString(CultureInfo.InvariantCulture);
                if (!cmd.Parameters.Contains(names[i])) cmd.Parameters.AddWithValue(names[i], values[i]);
            }

            return column + " IN (" + string.Join(", ", names) + ")";
        }

        /// <summary>The query's filters and time range as conditions on request_costs rows (what every read of the rows applies).</summary>
        internal static string RowFilters(CostQuery q, SqliteCommand cmd)
        {
            string filters = Filters(q, cmd);
            long? since = q.Since.HasValue ? UnixMs.From(q.Since.Value) : (long?)null;
            long? until = q.Until.HasValue ? UnixMs.From(q.Until.Value) : (long?)null;
            return filters + RangeSql("occurred_at", since, until, cmd, "r");
        }

        internal static string RangeSql(string column, long? from, long? to, SqliteCommand cmd, string tag)
        {
            var sb = new StringBuilder();
            if (from.HasValue)
            {
                sb.Append(" AND ").Append(column).Append(" >= $from").Append(tag);
                cmd.Parameters.AddWithValue("$from" + tag, from.Value);
            }

            if (to.HasValue)
            {
                sb.Append(" AND ").Append(column).Append(" < $to").Append(tag);
                cmd.Parameters.AddWithValue("$to" + tag, to.Value);
            }

            return sb.ToString();
        }

        internal static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

        /// <summary>Turns a '*'/'?' wildcard pattern into a LIKE pattern (case-insensitive for ASCII).</summary>
        internal static string WildcardToLike(string pattern) => EscapeLike(pattern).Replace('*', '%').Replace('?', '_');
    }
}
