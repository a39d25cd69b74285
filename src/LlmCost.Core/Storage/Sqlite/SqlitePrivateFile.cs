using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LlmCost.Core.Storage.Sqlite
{
    internal static class SqlitePrivateFile
    {
        /// <summary>
        /// Creates the empty database file readable by its owner only (0600) from the first byte: created with that mode
        /// by open(2), never chmod-ed afterwards, so no other user can open it in between. SQLite gives the -wal and
        /// -shm files the database file's mode. Another process creating the same store at the same moment is not an
        /// error: the file exists, which is all that is needed.
        /// </summary>
        public static void Create(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                try
                {
                    using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
                    {
                    }
                }
                catch (IOException) when (File.Exists(path))
                {
                }

                return;
            }

            bool mac = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
            int flags = 0x1 /* O_WRONLY */ | (mac ? 0x200 : 0x40) /* O_CREAT */ | (mac ? 0x800 : 0x80) /* O_EXCL */;
            int fd = NativeMethods.open(path, flags, Convert.ToInt32("600", 8));
            if (fd >= 0)
            {
                NativeMethods.close(fd);
                return;
            }

            int errno = Marshal.GetLastWin32Error();
            const int EEXIST = 17;
            if (errno == EEXIST) return; // created by another process just now
            throw new IOException($"cannot create the file (errno {errno})");
        }

        private static class NativeMethods
        {
#pragma warning disable SA1300, IDE1006
            [DllImport("libc", SetLastError = true)]
            public static extern int open(string pathname, int flags, int mode);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
#pragma warning restore SA1300, IDE1006
        }
    }
}
