using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmCost.Core.Pricing;

namespace LlmCost.CatalogBuilder
{
    /// <summary>
    /// Turns genai-prices' data-v2.json into LlmCost's own catalog format (see docs/price-catalog.md).
    /// Usage: dotnet run --project tools/LlmCost.CatalogBuilder -- DATA_V2_JSON OUTPUT_JSON [--providers a,b,c]
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var positional = new List<string>();
            IReadOnlyList<string> providers = GenAiPricesConverter.DefaultProviders;
            bool badArgs = false;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--providers" && i + 1 < args.Length)
                {
                    providers = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
                else if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    badArgs = true;
                }
                else
                {
                    positional.Add(args[i]);
                }
            }

            if (badArgs || positional.Count != 2 || providers.Count == 0)
            {
                Console.Error.WriteLine("usage: LlmCost.CatalogBuilder DATA_V2_JSON OUTPUT_JSON [--providers openai,anthropic,...]");
                return 2;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(positional[0]));
            // The known errors of the source are corrected in the built-in catalog (docs/pricing.md).
            byte[] bytes = GenAiPricesConverter.Convert(doc, providers, CatalogCorrections.Builtin, Console.WriteLine);
            File.WriteAllBytes(positional[1], bytes);
            Console.WriteLine($"wrote {positional[1]} ({bytes.Length} bytes)");
            return 0;
        }
    }
}
