using System;
using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Ingestion;
using Xunit;

namespace LlmCost.Core.Tests.Ingestion
{
    /// <summary>
    /// docs/ingestion.md's table of provider field mappings is generated from the extractors' data, so the page cannot
    /// drift from what the parser reads. On a change, paste the table this test prints between the markers.
    /// </summary>
    public sealed class IngestionDocTests
    {
        private const string Start = "<!-- mapping table: generated from UsageExtractors.All by IngestionDocTests -->";
        private const string End = "<!-- end of mapping table -->";

        private static string Code(string path) => "`" + path + "`";

        private static string Cell(Extractor ex, string count)
        {
            var m = ex.Counts.FirstOrDefault(c => c.Count == count);
            if (m == null) return "–";
            string cell = string.Join(" + ", m.Add.Select(Code)) + string.Concat(m.Subtract.Select(s => " − " + Code(s)));
            if (!ex.AnthropicCacheRule) return cell;
            // The Anthropic rule of cost-rules.md: input_tokens excludes the cache; cache_creation holds both write kinds.
            if (count == UsageExtractors.Input) return cell + " + cache read + cache writes";
            if (count == UsageExtractors.Write5m) return cell + " − 1h writes";
            return cell;
        }

        private static string Steps(Extractor ex) =>
            ex.StepsPath == null
                ? "–"
                : Code(ex.StepsPath) + ": " + string.Join("; ", ex.Steps.Select(s => Code(s.Type) + " " + s.Billing switch
                {
                    StepBilling.InTopLevel => "already counted",
                    StepBilling.AddedToRequest => "added to the request",
                    _ => "a record of its own model",
                })) + "; other types: a record with no price";

        internal static string Table()
        {
            var sb = new StringBuilder();
            sb.Append("| extractor | provider | detected by | usage at | input | cache read | cache write 5m | cache write 1h | output | reasoning | steps | batch rates when | model / id / time |\n");
            sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var ex in UsageExtractors.All)
            {
                string when = string.Join(" + ", ex.When.Select(w => w.Value == null ? Code(w.Path) : Code(w.Path + ": \"" + w.Value + "\"")));
                string time = ex.CreatedUnixSeconds != null ? Code(ex.CreatedUnixSeconds) + " (Unix s)" : ex.CreatedIso != null ? Code(ex.CreatedIso) : "–";
                sb.Append("| ").Append(ex.Name)
                  .Append(" | ").Append(ex.Provider ?? "from the model")
                  .Append(" | ").Append(when)
                  .Append(" | ").Append(Code(ex.Usage))
                  .Append(" | ").Append(Cell(ex, UsageExtractors.Input))
                  .Append(" | ").Append(Cell(ex, UsageExtractors.CacheRead))
                  .Append(" | ").Append(Cell(ex, UsageExtractors.Write5m))
                  .Append(" | ").Append(Cell(ex, UsageExtractors.Write1h))
                  .Append(" | ").Append(Cell(ex, UsageExtractors.Output))
                  .Append(" | ").Append(Cell(ex, UsageExtractors.Reasoning))
                  .Append(" | ").Append(Steps(ex))
                  .Append(" | ").Append(ex.TierPath == null ? "–" : Code(ex.TierPath) + " is " + string.Join(" or ", ex.BatchTiers.Select(t => Code(t))))
                  .Append(" | ").Append(string.Join(", ", ex.ModelPaths.Select(Code))).Append(" / ").Append(string.Join(", ", ex.IdPaths.Select(Code))).Append(" / ").Append(time)
                  .Append(" |\n");
            }

            return sb.ToString();
        }

        [Fact]
        public void MappingTable_InDocs_IsTheOneTheExtractorsGive()
        {
            string doc = File.ReadAllText(Path.Combine(EmbeddingApiDocsTests.RepoRoot(), "docs", "ingestion.md")).Replace("\r\n", "\n");
            int a = doc.IndexOf(Start, StringComparison.Ordinal), b = doc.IndexOf(End, StringComparison.Ordinal);
            Assert.True(a >= 0 && b > a, "docs/ingestion.md lacks the markers of the mapping table");
            string inDoc = doc.Substring(a + Start.Length, b - a - Start.Length).Trim('\n') + "\n";
            Assert.True(inDoc == Table(), "docs/ingestion.md's mapping table differs from the extractors; the table they give:\n" + Table());
        }
    }
}
