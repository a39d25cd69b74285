using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// A fingerprint of a file's first 4 KB, to tell a file that grew (the same start) from one replaced or rotated
    /// under the same name. It is 64-bit FNV-1a: the question is "did these bytes change", not an adversary's, and a
    /// managed hash spares every import loading OpenSSL (5 MB of memory and part of its start-up, docs/benchmarks.md).
    /// Stores written before it hold SHA-256 fingerprints, which are still compared as SHA-256.
    /// </summary>
    internal static class FileHead
    {
        private const int Length = 4096;
        private const string Scheme = "fnv1a64:";

        /// <summary>The fingerprint of the first 4 KB of <paramref name="file"/>'s first <paramref name="length"/> bytes.</summary>
        public static string Of(string file, long length)
        {
            byte[] head = Read(file, length, out int n);
            return Fingerprint(head, n);
        }

        /// <summary>The fingerprint of <paramref name="head"/>'s first <paramref name="count"/> bytes, as read by <see cref="Read"/>.</summary>
        public static string Fingerprint(byte[] head, int count) => Scheme + Fnv1a64(head, count).ToString("x16", CultureInfo.InvariantCulture);

        /// <summary>
        /// Whether the file still starts as it did when <paramref name="stored"/> was taken of its first
        /// <paramref name="storedLength"/> bytes, in the scheme it was taken with. <paramref name="current"/> is the
        /// fingerprint just taken of its first <paramref name="length"/> bytes: when both cover the same bytes (a file that
        /// grew past 4 KB long ago), it answers without reading the file again.
        /// </summary>
        public static bool Matches(string file, string current, long length, string stored, long storedLength)
        {
            if (stored.StartsWith(Scheme, StringComparison.Ordinal))
            {
                return Math.Min(Length, length) == Math.Min(Length, storedLength) ? current == stored : Of(file, storedLength) == stored;
            }

            byte[] head = Read(file, storedLength, out int n);
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(head, 0, n)) == stored;
        }

        /// <summary>The bytes a fingerprint covers: the first 4 KB of the file's first <paramref name="length"/> bytes.</summary>
        public static byte[] Read(string file, long length, out int n)
        {
            using var f = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1); // unbuffered: one read
            var buffer = new byte[(int)Math.Min(Length, Math.Max(0, length))];
            n = 0;
            while (n < buffer.Length)
            {
                int read = f.Read(buffer, n, buffer.Length - n);
                if (read == 0) break;
                n += read;
            }

            return buffer;
        }

        /// <summary>64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211).</summary>
        internal static ulong Fnv1a64(byte[] bytes, int count)
        {
            ulong hash = 14695981039346656037UL;
            for (int i = 0; i < count; i++)
            {
                hash ^= bytes[i];
                hash *= 1099511628211UL;
            }

            return hash;
        }
    }
}
