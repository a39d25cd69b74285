using System;
using System.IO;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Pricing;
using LlmCost.PowerShell.Infrastructure;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Imports a price file (LiteLLM's model_prices_and_context_window.json, or LlmCost's format).</summary>
    [Cmdlet(VerbsData.Import, "LlmModelPrice", SupportsShouldProcess = true)]
    [OutputType(typeof(PSObject))]
    public sealed class ImportLlmModelPriceCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        public string Path { get; set; } = "";

        [Parameter]
        public PriceFileFormat Format { get; set; } = PriceFileFormat.LiteLlm;

        /// <summary><para type="description">Date the imported prices apply from; today (UTC) by default, so past costs are never re-priced.</para></summary>
        [Parameter]
        public DateTime? EffectiveFrom { get; set; }

        protected override void ProcessRecord()
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(full))
            {
                WriteError(new ErrorRecord(new FileNotFoundException($"Price file '{full}' not found.", full), "PriceFileNotFound", ErrorCategory.ObjectNotFound, full));
                return;
            }

            try
            {
                DateTime from = LlmCost.Core.Time.TimeInput.ToUtc(EffectiveFrom, null) ?? DateTime.UtcNow.Date;
                var skipped = 0;
                System.Collections.Generic.IReadOnlyList<ModelPrice> prices;
                using (var stream = File.OpenRead(full))
                {
                    prices = PriceFileReader.Read(stream, Format, System.IO.Path.GetFileName(full), from, w =>
                    {
                        skipped++;
                        WriteVerbose(w);
                    });
                }

                if (!ShouldProcess(full, $"Import {prices.Count} prices effective from {from:yyyy-MM-dd}")) return;
                var addedPrices = new System.Collections.Generic.List<ModelPrice>();
                var (added, unchanged) = Store.AddPrices(prices, (price, wasAdded) =>
                {
                    if (wasAdded) addedPrices.Add(price);
                });
                // A price from a past date does not change the costs already stored: say how many, and how to apply it.
                var (affected, since) = new Repricer(Store).AffectedBy(addedPrices);
                if (affected > 0)
                {
                    string sinceText = since.HasValue ? $" -Since {since.Value:yyyy-MM-dd}" : "";
                    WriteWarning($"{affected} stored request(s) keep the cost they were recorded with. Apply the imported prices to them with: " +
                                 $"Update-LlmCost -Reprice{sinceText} (add -WhatIf to preview).");
                }

                var result = new PSObject();
                result.Properties.Add(new PSNoteProperty("Path", full));
                result.Properties.Add(new PSNoteProperty("Format", Format.ToString()));
                result.Properties.Add(new PSNoteProperty("Read", (long)prices.Count));
                result.Properties.Add(new PSNoteProperty("Added", (long)added));
                result.Properties.Add(new PSNoteProperty("Unchanged", (long)unchanged));
                result.Properties.Add(new PSNoteProperty("Skipped", (long)skipped));
                result.Properties.Add(new PSNoteProperty("EffectiveFrom", from));
                WriteObject(result);
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, full));
            }
        }
    }
}
