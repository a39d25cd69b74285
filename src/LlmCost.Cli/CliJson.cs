using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LlmCost.Core.Budgets;

namespace LlmCost.Cli
{
    /// <summary>
    /// How the commands write --json: with the serialization code generated at build time (<see cref="CliJsonContext"/>),
    /// since the natively compiled llmcost has no reflection to discover types at run time.
    /// </summary>
    internal static class CliJson
    {
        /// <summary>camelCase names, indented: most commands.</summary>
        public static readonly JsonSerializerOptions Camel = Options(indented: true, enumsAsText: false);

        /// <summary>camelCase names on one line (prices import, which scripts read line by line).</summary>
        public static readonly JsonSerializerOptions CamelCompact = Options(indented: false, enumsAsText: false);

        /// <summary>The budget commands: enum values as camelCase text ("monthly", "hard", "critical").</summary>
        public static readonly JsonSerializerOptions Budgets = Options(indented: true, enumsAsText: true);

        public static string Serialize<T>(T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));

        private static JsonSerializerOptions Options(bool indented, bool enumsAsText)
        {
            var o = new JsonSerializerOptions
            {
                WriteIndented = indented,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                TypeInfoResolver = CliJsonContext.Default,
            };
            if (enumsAsText)
            {
                o.Converters.Add(new JsonStringEnumConverter<BudgetPeriod>(JsonNamingPolicy.CamelCase));
                o.Converters.Add(new JsonStringEnumConverter<BudgetEnforcement>(JsonNamingPolicy.CamelCase));
                o.Converters.Add(new JsonStringEnumConverter<AlertLevel>(JsonNamingPolicy.CamelCase));
            }

            o.MakeReadOnly();
            return o;
        }
    }
}
