using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace LlmCost.Core.Storage.Sqlite
{
    public sealed class Migration
    {
        private string? _checksum;

        public Migration(int version, string name, string sql)
            : this(version, name, sql, null)
        {
        }

        /// <summary>
        /// <paramref name="knownChecksum"/>: the checksum computed at build time from the script's bytes, taken as is
        /// (the caller passes it only when those bytes are exactly the UTF-8 of <paramref name="sql"/> with \n line
        /// endings, so it equals <see cref="ComputeChecksum"/>); null computes it when first needed.
        /// </summary>
        internal Migration(int version, string name, string sql, string? knownChecksum)
        {
            Version = version;
            Name = name;
            Sql = sql;
            _checksum = knownChecksum?.ToLowerInvariant();
        }

        public int Version { get; }
        public string Name { get; }
        public string Sql { get; }
        public string Checksum => _checksum ??= ComputeChecksum(Sql);

        internal static string ComputeChecksum(string sql)
        {
            // Line endings must not change the checksum (a git checkout on Windows may convert them).
            string normalized = sql.Replace("\r\n", "\n");
            using var sha = SHA256.Create();
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(normalized)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
