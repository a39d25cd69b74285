using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// Lists files below a folder, visiting each real directory once: a symlink that loops back (a → a/b → a) or two
    /// links to the same folder never make a file count twice.
    /// </summary>
    internal static class FileWalker
    {
        public static IEnumerable<string> Files(string root, string pattern, bool recurse)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            pending.Push(root);
            var found = new List<string>();
            while (pending.Count > 0)
            {
                string dir = pending.Pop();
                if (!seen.Add(RealPath(dir))) continue;
                try
                {
                    found.AddRange(Directory.EnumerateFiles(dir, pattern, SearchOption.TopDirectoryOnly));
                    if (recurse)
                    {
                        foreach (var sub in Directory.EnumerateDirectories(dir)) pending.Push(sub);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // A folder that cannot be listed (permissions, a dangling link) holds nothing to import.
                }
            }

            return found.OrderBy(f => f, StringComparer.Ordinal);
        }

        /// <summary>The directory's path with every symlink resolved (Unix realpath); the full path elsewhere.</summary>
        private static string RealPath(string dir)
        {
            string full = Path.GetFullPath(dir);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return full;
            try
            {
                IntPtr resolved = NativeMethods.realpath(full, IntPtr.Zero);
                if (resolved == IntPtr.Zero) return full;
                try
                {
                    return Utf8String(resolved);
                }
                finally
                {
                    NativeMethods.free(resolved);
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return full;
            }
        }

        private static string Utf8String(IntPtr p)
        {
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0) n++;
            var bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        private static class NativeMethods
        {
#pragma warning disable SA1300, IDE1006
            [DllImport("libc", SetLastError = true)]
            public static extern IntPtr realpath(string path, IntPtr resolved);

            [DllImport("libc")]
            public static extern void free(IntPtr p);
#pragma warning restore SA1300, IDE1006
        }
    }
}
