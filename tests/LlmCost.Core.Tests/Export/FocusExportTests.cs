using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmCost.Core.Export;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage.Sqlite;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Export
{
    /// <summary>
    /// FOCUS 1.2 rows checked by hand against the spec's column rules: ChargeCategory 'Usage', ChargeClass null for
    /// a regular charge, periods as [start, end) in UTC, BillingPeriod the calendar month, ListCost = ListUnitPrice x
    /// PricingQuantity, BilledCost = EffectiveCost, ServiceCategory from the allowed list ('AI and Machine Learning'),
    /// Tags a JSON object. Prices (USD per 1M tokens): gpt-4o input 2.50, cached 1.25, output 10.
    /// </summary>
    public sealed class FocusExportTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly SqliteCostStore _store;

        public FocusExportTests()
        {
            _store = SqliteCostStore.Open(_dir.File("focus.db"));
            // 4 March 2026, 2000 input of which 1000 cached, 300 output:
            //   uncached 1000 x 2.50 = $0.0025; cache read 1000 x 1.25 = $0.00125; output 300 x 10 = $0.003; total $0.00675.
            _store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 4, 12), new TokenUsage(2000, 300, cacheReadTokens: 1000))
                { RequestId = "r1", SessionId = "@SUM(A1)", Tags = new[] { "team:a" } });
            // Same day, same model: 1000 input, 500 output → uncached $0.0025, output $0.005.
            _store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 4, 15), new TokenUsage(1000, 500)) { RequestId = "r2" });
            _store.Record(new UsageRecord("acme", "acme-x", Utc.At(2026, 3, 4, 13), new TokenUsage(10, 10)) { RequestId = "r3" });
        }

        public void Dispose()
        {
            _store.Dispose();
            _dir.Dispose();
        }

        private static Dictionary<string, object?> Named(object?[] row) =>
            FocusExport.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => row[x.i]);

        [Fact]
        public void DailyRows_SplitTheCostByTokenKind_AndFollowTheSpecRules()
        {
            var focus = new FocusExport(_store);
            var rows = focus.Rows(new CostQuery(), detail: false).Select(Named).ToList();

            // gpt-4o on 4 March: input (1000 + 1000 uncached), cache read (1000), output (300 + 500): three rows.
            Assert.Equal(new[] { "input", "cache-read", "output" }, rows.Select(r => (string)r["x_TokenKind"]!));
            Assert.Equal(1, focus.Unpriced); // acme-x has no price: left out, for a warning

            var input = rows[0];
            Assert.Equal(0.005m, input["BilledCost"]);              // 0.0025 + 0.0025
            Assert.Equal(2000L, input["PricingQuantity"]);
            Assert.Equal("Tokens", input["PricingUnit"]);
            Assert.Equal(0.0000025m, input["ListUnitPrice"]);        // $2.50 per 1M
            Assert.Equal((decimal)input["ListUnitPrice"]! * 2000, input["ListCost"]);
            Assert.Equal(input["BilledCost"], input["EffectiveCost"]);
            Assert.Equal(input["BilledCost"], input["ContractedCost"]);
            Assert.Equal("Usage", input["ChargeCategory"]);
            Assert.Null(input["ChargeClass"]);
            Assert.Equal("Usage-Based", input["ChargeFrequency"]);
            Assert.Equal(Utc.At(2026, 3, 4), input["ChargePeriodStart"]);
            Assert.Equal(Utc.At(2026, 3, 5), input["ChargePeriodEnd"]);
            Assert.Equal(Utc.At(2026, 3, 1), input["BillingPeriodStart"]);
            Assert.Equal(Utc.At(2026, 4, 1), input["BillingPeriodEnd"]);
            Assert.Equal("USD", input["BillingCurrency"]);
            Assert.Equal("OpenAI", input["ProviderName"]);
            Assert.Equal("OpenAI", input["PublisherName"]);
            Assert.Equal("OpenAI", input["InvoiceIssuerName"]);
            Assert.Equal("AI and Machine Learning", input["ServiceCategory"]);
            Assert.Equal("openai/gpt-4o/input", input["SkuId"]);
            Assert.Equal(2L, input["x_Requests"]);
            Assert.Equal("{}", input["Tags"]);

            Assert.Equal(0.00125m, rows[1]["BilledCost"]);
            Assert.Equal(0.008m, rows[2]["BilledCost"]);             // 0.003 + 0.005
            // The rows bill exactly what the store holds for the priced requests: 0.00675 + 0.0075 = 0.01425.
            Assert.Equal(_store.GetTotals(new CostQuery()).Cost, rows.Sum(r => (decimal)r["BilledCost"]!));
            Assert.Equal(0.01425m, rows.Sum(r => (decimal)r["BilledCost"]!));
        }

        [Fact]
        public void DetailRows_CarryTheSessionAndTags_AndCsvNeutralisesFormulas()
        {
            var focus = new FocusExport(_store);
            var rows = focus.Rows(new CostQuery { Sessions = new[] { "@SUM(A1)" } }, detail: true).ToList();
            Assert.Equal(3, rows.Count); // r1: input, cache read, output
            var first = Named(rows[0]);
            Assert.Equal("{\"llmcost/session\":\"@SUM(A1)\",\"team\":\"a\"}", first["Tags"]);
            Assert.Equal("openai:r1", first["x_RequestKey"]);
            Assert.Equal(0.0025m, first["BilledCost"]);

            var csv = new StringWriter();
            TabularWriter.Write(csv, ExportFormat.Focus, FocusExport.Columns, rows);
            string text = csv.ToString();
            // A text cell a spreadsheet would run is written as text (leading apostrophe): no live formula.
            Assert.Contains(",'@SUM(A1),", text, StringComparison.Ordinal);
            Assert.DoesNotContain(",@SUM(A1)", text, StringComparison.Ordinal);
            Assert.StartsWith("BilledCost,BillingAccountId,", text, StringComparison.Ordinal);
        }

        [Fact]
        public void TheParts_AddUpToTheStoredCost_WhenThePriceDoesNotDivideEvenly()
        {
            // 7 input tokens of which 1 cached, 3 output, gpt-4o: 6 x 2.50 + 1 x 1.25 + 3 x 10 = 15 + 1.25 + 30 = 46.25 per 1M
            // → $0.00004625 = 46,250 nano-USD; the parts 15,000 + 1,250 + 30,000 nano add up to it.
            _store.Record(new UsageRecord("openai", "gpt-4o", Utc.At(2026, 3, 6, 1), new TokenUsage(7, 3, cacheReadTokens: 1)) { RequestId = "odd" });
            var rows = new FocusExport(_store).Rows(new CostQuery { Since = Utc.At(2026, 3, 6) }, detail: true).Select(Named).ToList();
            Assert.Equal(0.00004625m, rows.Sum(r => (decimal)r["BilledCost"]!));
            Assert.Equal(_store.GetTotals(new CostQuery { Since = Utc.At(2026, 3, 6) }).Cost, rows.Sum(r => (decimal)r["BilledCost"]!));
        }
    }
}
