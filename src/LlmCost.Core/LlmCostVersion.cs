using System.Reflection;

namespace LlmCost.Core
{
    /// <summary>
    /// The product version, set once in Directory.Build.props (&lt;Version&gt;) and stamped into every assembly, the
    /// module manifest and both packages at build time.
    /// </summary>
    public static class LlmCostVersion
    {
        /// <summary>The version as users see it, e.g. <c>0.2.0</c> (without the source revision the SDK appends).</summary>
        public static string Current { get; } = Read();

        private static string Read()
        {
            string? informational = typeof(LlmCostVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(informational)) return typeof(LlmCostVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            int plus = informational!.IndexOf('+');
            return plus < 0 ? informational : informational.Substring(0, plus);
        }
    }
}
