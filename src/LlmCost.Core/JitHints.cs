using System.Runtime.CompilerServices;

namespace LlmCost.Core
{
    internal static class JitHints
    {
        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (not in netstandard2.0; honoured by .NET Core 3.0 and later): the
        /// per-line and per-row loops of a bulk import are compiled optimised once, instead of running unoptimised
        /// and then being compiled again on the JIT's background thread, which competes with the import for the cores.
        /// </summary>
        public const MethodImplOptions Hot = (MethodImplOptions)512;
    }
}
