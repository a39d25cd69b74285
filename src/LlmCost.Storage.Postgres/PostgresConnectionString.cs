using System;
using System.Collections.Generic;
using System.Globalization;
using LlmCost.Core;
using LlmCost.Core.Storage;
using Npgsql;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// A -Database / --db / $LLMCOST_DB value naming a PostgreSQL store: a key=value connection string, or a
    /// postgres:// / postgresql:// URI as libpq writes them. The password may come from the value, PGPASSWORD or a
    /// .pgpass file (Npgsql reads both); it is never part of <see cref="Display"/>.
    /// </summary>
    internal static class PostgresConnectionString
    {
        /// <summary>URI query parameters (libpq names) and the Npgsql keywords they set.</summary>
        private static readonly Dictionary<string, string> UriParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["sslmode"] = "SSL Mode",
            ["sslrootcert"] = "Root Certificate",
            ["sslcert"] = "SSL Certificate",
            ["sslkey"] = "SSL Key",
            ["application_name"] = "Application Name",
            ["connect_timeout"] = "Timeout",
            ["options"] = "Options",
            ["target_session_attrs"] = "Target Session Attributes",
            ["passfile"] = "Passfile",
            ["user"] = "Username",
            ["password"] = "Password",
            ["dbname"] = "Database",
            ["host"] = "Host",
            ["port"] = "Port",
        };

        public static NpgsqlConnectionStringBuilder Parse(string value)
        {
            string v = value.Trim();
            try
            {
                var csb = v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                    ? FromUri(v)
                    : new NpgsqlConnectionStringBuilder(v);
                if (string.IsNullOrEmpty(csb.Host)) throw new ArgumentException("no host is named");
                if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "llmcost";
                return csb;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is UriFormatException || ex is KeyNotFoundException)
            {
                throw new StoreException("InvalidConnectionString",
                    "The PostgreSQL connection string is not valid (" + ex.Message + "): give 'Host=...;Database=...;Username=...' or " +
                    "'postgresql://user@host:5432/database'; the password is best left to PGPASSWORD or a .pgpass file.");
            }
        }

        private static NpgsqlConnectionStringBuilder FromUri(string value)
        {
            var uri = new Uri(value);
            var csb = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
            if (uri.Port > 0) csb.Port = uri.Port;
            string db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (db.Length > 0) csb.Database = db;
            if (uri.UserInfo.Length > 0)
            {
                int colon = uri.UserInfo.IndexOf(':');
                csb.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo.Substring(0, colon));
                if (colon >= 0) csb.Password = Uri.UnescapeDataString(uri.UserInfo.Substring(colon + 1));
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string name = Uri.UnescapeDataString(eq < 0 ? pair : pair.Substring(0, eq));
                string val = eq < 0 ? "" : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
                if (!UriParameters.TryGetValue(name, out var keyword)) throw new ArgumentException($"the URI parameter '{name}' is not supported");
                csb[keyword] = keyword == "SSL Mode" ? SslMode(val) : val;
            }

            return csb;
        }

        /// <summary>libpq's sslmode words (verify-full, verify-ca) as Npgsql's.</summary>
        private static string SslMode(string v) => v.ToLowerInvariant() switch
        {
            "verify-full" => "VerifyFull",
            "verify-ca" => "VerifyCA",
            _ => v,
        };

        /// <summary>Where the store is, for messages and StoreInfo.Path: never the password.</summary>
        public static string Display(NpgsqlConnectionStringBuilder csb) =>
            "postgresql://" + (string.IsNullOrEmpty(csb.Username) ? "" : csb.Username + "@") + csb.Host +
            (csb.Port != 5432 ? ":" + csb.Port.ToString(CultureInfo.InvariantCulture) : "") + "/" + (csb.Database ?? "");
    }
}
