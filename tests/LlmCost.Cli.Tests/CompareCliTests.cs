using System.Text.Json;

namespace LlmCost.Cli.Tests
{
    public sealed class CompareCliTests : CliTestBase
    {
        [Fact]
        public void Compare_PricesTheScopeOnEachAlternative()
        {
            // gpt-4o (2.5 / 10 $ per M): 100,000 in / 10,000 out = $0.35; on gpt-4o-mini (0.15 / 0.6): 0.015 + 0.006 = $0.021.
            var (code, _, err) = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "100000", "--output", "10000", "--session", "w", "--request-id", "q1");
            Assert.True(code == 0, err);
            var (c2, json, e2) = Run("compare", "--db", Db, "--session", "w", "--to", "gpt-4o-mini,acme-unknown", "--json");
            Assert.True(c2 == 0, e2);
            using var doc = JsonDocument.Parse(json);
            var mini = doc.RootElement[0];
            Assert.Equal(0.021m, mini.GetProperty("cost").GetDecimal());
            Assert.Equal(0.35m, mini.GetProperty("actualCost").GetDecimal());
            Assert.Equal(-94.00m, mini.GetProperty("differencePercent").GetDecimal());
            Assert.Equal(1, doc.RootElement[1].GetProperty("notPriced").GetInt64());
            Assert.Contains("could not be priced", e2);

            var (c3, table, e3) = Run("compare", "--db", Db, "--batch");
            Assert.True(c3 == 0, e3);
            Assert.Contains("same models batch", table);
            Assert.Contains("$0.175000", table); // 0.35 / 2

            var (bad, _, e4) = Run("compare", "--db", Db, "--cache-hit-rate", "2");
            Assert.Equal(1, bad);
            Assert.Contains("InvalidCacheHitRate", e4);
        }

        [Fact]
        public void Recommend_RanksSuggestions_AsJsonAndAsText()
        {
            // Two gpt-4o requests of 100,000 in / 10,000 out in September 2025: 0.35 each, 0.70; on gpt-4o-mini 0.021 each,
            // 0.042. Saving 0.658 from the first request's day (2 September) to 1 October, 29 days: a month 0.658 x
            // 30.4375 / 29 = 0.690616 (rounded), under the default $1.
            foreach (var (id, day) in new[] { ("r1", "2025-09-02T10:00:00Z"), ("r2", "2025-09-03T10:00:00Z") })
            {
                var (code, _, err) = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "100000", "--output", "10000", "--request-id", id, "--time", day);
                Assert.True(code == 0, err);
            }

            var (c1, none, e1) = Run("recommend", "--db", Db, "--since", "2025-09-01", "--until", "2025-10-01");
            Assert.True(c1 == 0, e1);
            Assert.Contains("No suggestion saves $1.000000 a month or more.", none);

            var (c2, json, e2) = Run("recommend", "--db", Db, "--since", "2025-09-01", "--until", "2025-10-01", "--min-saving", "0", "--json");
            Assert.True(c2 == 0, e2);
            using var doc = JsonDocument.Parse(json);
            var rec = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal(("CheaperModel", "model openai/gpt-4o", 0.70m, 0.042m, 0.690616m),
                (rec.GetProperty("kind").GetString(), rec.GetProperty("scope").GetString(), rec.GetProperty("cost").GetDecimal(), rec.GetProperty("estimatedCost").GetDecimal(), rec.GetProperty("monthlySaving").GetDecimal()));

            var (c3, text, e3) = Run("recommend", "--db", Db, "--since", "2025-09-01", "--until", "2025-10-01", "--min-saving", "0");
            Assert.True(c3 == 0, e3);
            Assert.StartsWith("1. $0.690616 a month  CheaperModel  model openai/gpt-4o", text);
            Assert.Contains("Try openai/gpt-4o-mini", text);
            Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));

            var (bad, _, e4) = Run("recommend", "--db", Db, "--kind", "Cheaper");
            Assert.Equal(2, bad);
            Assert.Contains("--kind 'Cheaper' is not one of CheaperModel, Batch, PromptCaching, LongerCacheWrites", e4);
        }

        [Fact]
        public void ContractDiscounts_FromTheCli_ShowTheContractedCostBesideTheList()
        {
            // gpt-4o 100,000 in / 10,000 out = 0.35 list; 25 % off OpenAI from 2026-01-01: 0.2625 contracted.
            var (code, _, err) = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "100000", "--output", "10000", "--request-id", "k1", "--time", "2026-02-01T00:00:00Z");
            Assert.True(code == 0, err);
            var (c1, set, e1) = Run("prices", "discount", "set", "--provider", "openai", "--percent", "25", "--effective-from", "2026-01-01", "--note", "MSA", "--db", Db);
            Assert.True(c1 == 0, e1);
            Assert.StartsWith("discount 1: 25% off openai/(every model) from 2026-01-01", set);
            var (c2, list, _) = Run("prices", "discount", "list", "--db", Db);
            Assert.Equal(0, c2);
            Assert.Matches(@"1  openai +\(all\) +25%  2026-01-01  -   MSA", list);
            var (c3, json, e3) = Run("cost", "--db", Db, "--json");
            Assert.True(c3 == 0, e3);
            using (var doc = JsonDocument.Parse(json))
            {
                var totals = doc.RootElement.GetProperty("total");
                Assert.Equal((0.35m, 0.2625m), (totals.GetProperty("cost").GetDecimal(), totals.GetProperty("contractedCost").GetDecimal()));
            }

            var (c4, table, _) = Run("cost", "--db", Db);
            Assert.Equal(0, c4);
            Assert.Contains("contracted (list cost less contract discounts): $0.262500", table);
            var (c5, _, e5) = Run("prices", "discount", "remove", "1", "--db", Db);
            Assert.True(c5 == 0, e5);
            var (c6, _, e6) = Run("prices", "discount", "remove", "1", "--db", Db);
            Assert.Equal(1, c6);
            Assert.Contains("[DiscountNotFound]", e6);
            var (c7, _, e7) = Run("prices", "discount", "set", "--provider", "openai", "--percent", "0", "--db", Db);
            Assert.Equal(1, c7);
            Assert.Contains("[InvalidDiscount]", e7);
        }

        [Fact]
        public void Add_WithAServiceTier_PricesPriorityWithItsOwnPrice_OrSaysWhyItCannot()
        {
            // gpt-4o priority (4.25 / 17 $ per M): 100,000 x 4.25 + 10,000 x 17 = 0.425 + 0.17 = 0.595.
            var (c1, o1, e1) = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "100000", "--output", "10000", "--service-tier", "priority", "--request-id", "t1");
            Assert.True(c1 == 0, e1);
            Assert.Contains("added: openai/gpt-4o $0.595000", o1);
            var (c2, o2, e2) = Run("add", "--db", Db, "--provider", "anthropic", "--model", "claude-sonnet-4-5", "--input", "10000", "--output", "1000", "--service-tier", "priority", "--request-id", "t2");
            Assert.Equal(0, c2);
            Assert.Contains("unpriced (no price for its priority tier: cost left empty, never the standard price)", o2);
            Assert.Contains("warning: no priority-tier price for anthropic/claude-sonnet-4-5", e2);
        }

        [Fact]
        public void PricesUpdateAndCheck_FromTheCli()
        {
            string fixtures = System.IO.Path.Combine(LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder, "..");
            string excerpt = System.IO.Path.Combine(fixtures, "genai-prices-excerpt.json");
            var (code, output, err) = Run("prices", "update", excerpt, "--db", Db);
            Assert.True(code == 0, err);
            Assert.Contains("the store prices with genai-prices-excerpt.json", output);
            var (c2, o2, e2) = Run("prices", "check", "--reference", excerpt, "--db", Db);
            Assert.True(c2 == 0, e2);
            Assert.Contains("openai/o3", o2);
            Assert.Contains("1 price(s) differ", o2);
            var (c3, o3, e3) = Run("prices", "update", "--reset", "--db", Db);
            Assert.True(c3 == 0, e3);
            Assert.Contains("built-in catalog prices again", o3);
            var (bad, _, e4) = Run("prices", "update", System.IO.Path.Combine(fixtures, "litellm-excerpt.json"), "--db", Db);
            Assert.Equal(1, bad);
            Assert.Contains("InvalidPriceFile", e4);
        }

        [Fact]
        public void PricesImport_FromAPastDate_SaysWhichStoredRequestsKeepTheirCost()
        {
            var (code, _, err) = Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "1000", "--output", "0", "--request-id", "june", "--time", "2025-06-01T00:00:00Z");
            Assert.True(code == 0, err);
            string litellm = System.IO.Path.Combine(LlmCost.Core.Tests.Ingestion.ResponseCorpus.Folder, "..", "litellm-excerpt.json");
            var (c2, _, e2) = Run("prices", "import", litellm, "--format", "litellm", "--effective-from", "2025-01-01", "--db", Db);
            Assert.True(c2 == 0, e2);
            // One stored request (gpt-4o on 2025-06-01) falls under an imported price; the others have no stored requests.
            Assert.Contains("1 stored request(s) keep the cost they were recorded with", e2);
            Assert.Contains("llmcost reprice --since 2025-01-01", e2);
            // From today: nothing stored is affected, nothing said.
            var (c3, _, e3) = Run("prices", "import", litellm, "--format", "litellm", "--db", Db);
            Assert.True(c3 == 0, e3);
            Assert.DoesNotContain("keep the cost", e3);
        }
    }
}
