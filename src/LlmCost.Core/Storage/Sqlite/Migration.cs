using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace LlmCost.Core.Storage.Sqlite
{
    public sealed class Migration
    {
        public Migration(int version, string name, string sql)
        {
            Version = version;
            Name = name;
            Sql = sql;
            Checksum = ComputeChecksum(sql);
        }

        public int Version { get; }
        public string Name { get; }
        public string Sql { get; }
        public string Checksum { get; }

        internal static string ComputeChecksum(string sql)
        {
            // Line endings must not change the checksum (a git checkout on Windows may convert them).
            string normalized = sql.Replace("\r\n", "\n");
            using var sha = SHA256.Create();
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(normalized)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
