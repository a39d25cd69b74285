using System.Text.Json.Serialization;
using LlmCost.Core.Reports;

namespace LlmCost.Core.Json
{
    /// <summary>
    /// Serialization code generated at build time for what the core writes as JSON (budget columns, the dashboard's API):
    /// no reflection at run time, so the natively compiled llmcost (which has none) writes the same JSON as the module.
    /// </summary>
    [JsonSerializable(typeof(int[]))]
    [JsonSerializable(typeof(string[]))]
    internal sealed partial class CoreJsonContext : JsonSerializerContext
    {
    }

    /// <summary>The dashboard's JSON API: camelCase, indented, as it has always been served.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
    [JsonSerializable(typeof(Dashboard))]
    internal sealed partial class DashboardJsonContext : JsonSerializerContext
    {
    }
}
