using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>
    /// Loads the bundled native SQLite for this platform from <c>runtimes/&lt;rid&gt;/native/</c> under the module folder.
    /// PowerShell does not probe NuGet's runtimes layout, so without this the first store access fails with
    /// "Unable to load DLL e_sqlite3". The resolver is registered on the SQLitePCLRaw provider assembly through
    /// <c>NativeLibrary</c> (present at run time on PowerShell 7, reached by reflection from netstandard2.0).
    /// </summary>
    public sealed class NativeSqlite : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static IntPtr _handle;
        private static bool _registered;

        public void OnImport() => Register();

        /// <summary>The runtime id folder and file name for an OS and architecture.</summary>
        public static (string Rid, string FileName)? NativeFileFor(bool windows, bool macOs, bool linux, Architecture arch)
        {
            string? cpu = arch == Architecture.X64 ? "x64" : arch == Architecture.Arm64 ? "arm64" : null;
            if (cpu == null) return null;
            if (windows) return ("win-" + cpu, "e_sqlite3.dll");
            if (macOs) return ("osx-" + cpu, "libe_sqlite3.dylib");
            if (linux) return ("linux-" + cpu, "libe_sqlite3.so");
            return null;
        }

        public static string? NativePath(string moduleDir)
        {
            var file = NativeFileFor(RuntimeInformation.IsOSPlatform(OSPlatform.Windows), RuntimeInformation.IsOSPlatform(OSPlatform.OSX),
                RuntimeInformation.IsOSPlatform(OSPlatform.Linux), RuntimeInformation.ProcessArchitecture);
            return file == null ? null : Path.Combine(moduleDir, "runtimes", file.Value.Rid, "native", file.Value.FileName);
        }

        public static void Register()
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
                string moduleDir = Path.GetDirectoryName(typeof(NativeSqlite).Assembly.Location)!;
                string? path = NativePath(moduleDir);
                if (path == null || !File.Exists(path)) return; // fall back to the default search (a library next to the assemblies)

                var nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: false);
                var resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: false);
                if (nativeLibrary == null || resolverType == null) return; // Windows PowerShell 5.1: not supported

                var load = nativeLibrary.GetMethod("Load", new[] { typeof(string) })!;
                _handle = (IntPtr)load.Invoke(null, new object[] { path })!;
                var set = nativeLibrary.GetMethod("SetDllImportResolver", new[] { typeof(Assembly), resolverType })!;
                var resolver = Delegate.CreateDelegate(resolverType, typeof(NativeSqlite).GetMethod(nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static)!);
                try
                {
                    set.Invoke(null, new object[] { typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, resolver });
                }
                catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException)
                {
                    // Another module already set a resolver for the provider: it is loaded already.
                }
            }
        }

        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
            libraryName == "e_sqlite3" ? _handle : IntPtr.Zero;
    }
}
