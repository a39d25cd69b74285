using System.Runtime.CompilerServices;
using System.Text;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>SQLite-specific: the 64-bit hash by which request rows are found (a UNIQUE index on request_hash).</summary>
    public static class SqliteRequestHash
    {
        /// <summary>
        /// The stored hash of a request key: 64-bit FNV-1a over its UTF-8 bytes. It only narrows the search; equal keys
        /// are confirmed on the text. Never change it: stored rows carry it (migration 0004 computed it for old rows).
        /// </summary>
        [MethodImpl(JitHints.Hot)]
        public static long Of(string key)
        {
            const ulong Offset = 14695981039346656037UL, Prime = 1099511628211UL;
            ulong hash = Offset;
            foreach (char c in key)
            {
                if (c >= 0x80)
                {
                    hash = Offset;
                    foreach (byte b in Encoding.UTF8.GetBytes(key)) hash = (hash ^ b) * Prime;
                    return unchecked((long)hash);
                }

                hash = (hash ^ c) * Prime;
            }

            return unchecked((long)hash);
        }
    }
}
