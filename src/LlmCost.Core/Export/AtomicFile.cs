using System;
using System.IO;
using System.Text;

namespace LlmCost.Core.Export
{
    /// <summary>
    /// Writes a file beside its target and moves it over the target at the end: a failed or stopped export never leaves
    /// half a file, and an existing file is replaced whole or not at all. Throws IOException / UnauthorizedAccessException.
    /// </summary>
    public static class AtomicFile
    {
        /// <param name="path">The target file.</param>
        /// <param name="write">Writes the content.</param>
        /// <param name="clearReadOnly">Replace a read-only target too (its read-only flag is cleared first).</param>
        public static void Write(string path, Action<TextWriter> write, bool clearReadOnly = false)
        {
            string partial = path + ".partial-" + Guid.NewGuid().ToString("N");
            try
            {
                using (var writer = new StreamWriter(partial, false, new UTF8Encoding(false))) write(writer);
                if (File.Exists(path))
                {
                    if (clearReadOnly) File.SetAttributes(path, File.GetAttributes(path) & ~FileAttributes.ReadOnly);
                    File.Replace(partial, path, null);
                }
                else
                {
                    File.Move(partial, path);
                }
            }
            finally
            {
                if (File.Exists(partial)) File.Delete(partial);
            }
        }
    }
}
