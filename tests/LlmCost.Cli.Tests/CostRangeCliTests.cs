using System.Text.Json;

namespace LlmCost.Cli.Tests
{
    /// <summary>Ranges and filters of llmcost cost read as the cmdlets read them.</summary>
    public sealed class CostRangeCliTests : CliTestBase
    {
        public CostRangeCliTests()
        {
            // cost-rules example 1 at 02:00 UTC on 1 June (31 May, 22:00 in New York): $0.005615.
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "2006", "--cache-read", "1920", "--output", "300",
                "--session", "doc-1", "--request-id", "c1", "--time", "2025-06-01T02:00:00Z").Code);
            // example 7 at 15:00 UTC: $0.000945.
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "groq", "--model", "llama-3.3-70b-versatile", "--input", "1200", "--output", "300",
                "--session", "doc-2", "--request-id", "c2", "--time", "2025-06-01T15:00:00Z").Code);
        }

        private static decimal Cost(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("total").GetProperty("cost").GetDecimal();
        }

        [Fact]
        public void ADateWithoutOffset_IsReadInTz()
        {
            Assert.Equal(0.00656m, Cost(Run("cost", "--db", Db, "--since", "2025-06-01", "--until", "2025-06-02", "--json").Out));
            Assert.Equal(0.000945m, Cost(Run("cost", "--db", Db, "--since", "2025-06-01", "--until", "2025-06-02", "--tz", "America/New_York", "--json").Out));
        }

        [Fact]
        public void SeveralGroupingKeys_GiveOneColumnEach_AndEachGroupsShare()
        {
            // In New York: 31 May holds the gpt-4o request ($0.005615), 1 June the groq one ($0.000945); total $0.00656.
            var r = Run("cost", "--db", Db, "--group-by", "day,model", "--tz", "America/New_York");
            Assert.Equal(0, r.Code);
            var lines = r.Out.Split('\n');
            Assert.Matches(@"^day\s+provider/model\s+requests", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("2025-05-31") && l.Contains("openai/gpt-4o") && l.Contains("$0.005615") && l.TrimEnd().EndsWith("85.6%")); // 5615/6560
            Assert.Contains(lines, l => l.StartsWith("2025-06-01") && l.Contains("groq/llama-3.3-70b-versatile") && l.TrimEnd().EndsWith("14.4%"));

            using var doc = JsonDocument.Parse(Run("cost", "--db", Db, "--group-by", "Day,Model", "--tz", "America/New_York", "--json").Out);
            Assert.Equal("day,model", doc.RootElement.GetProperty("groupBy").GetString());
            var first = doc.RootElement.GetProperty("groups")[0];
            Assert.Equal("2025-05-31 | gpt-4o", first.GetProperty("key").GetString());
            Assert.Equal("gpt-4o", first.GetProperty("model").GetString());
            Assert.Equal("2025-05-31T00:00:00", first.GetProperty("period").GetString());
            Assert.Equal(0.005615m / 0.00656m, first.GetProperty("share").GetDecimal());
        }

        [Theory]
        [InlineData("day,month", "at most one of Hour, Day, Week and Month")]
        [InlineData("model,model", "names Model twice")]
        [InlineData("day,", "got ''")]
        [InlineData("1", "got '1'")]
        public void BadGroupingKeys_AreUsageErrorsNamingThem(string keys, string message)
        {
            var r = Run("cost", "--db", Db, "--group-by", keys);
            Assert.Equal(2, r.Code);
            Assert.Contains(message, r.Err);
        }

        [Fact]
        public void AModelName_MatchesItsDatedIds()
        {
            // o3 before 2025-06-10: $10 input, $40 output per million: 1000 x 10 + 100 x 40 = 14000 -> $0.014
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "openai", "--model", "o3-2025-04-16", "--input", "1000", "--output", "100",
                "--request-id", "m1", "--time", "2025-06-01T10:00:00Z").Code);
            Assert.Equal(0.014m, Cost(Run("cost", "--db", Db, "--model", "o3", "--json").Out));
        }

        [Fact]
        public void TerminalEscapeCodesInASessionId_AreShownEscaped_AndKeptInJson()
        {
            string hostile = "evil\u001b]0;pwned\u0007\u001b[2J";
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "openai", "--model", "gpt-4o", "--input", "10", "--output", "1", "--session", hostile).Code);
            var table = Run("cost", "--db", Db, "--group-by", "session");
            Assert.False(table.Out.Contains('\u001b'), "a raw ESC reached the terminal"); // ordinal: culture comparison ignores control characters
            Assert.Contains("evil\\x1B]0;pwned\\x07\\x1B[2J", table.Out);
            var json = Run("cost", "--db", Db, "--group-by", "session", "--json");
            using var doc = JsonDocument.Parse(json.Out);
            Assert.Contains(hostile, System.Linq.Enumerable.Select(doc.RootElement.GetProperty("groups").EnumerateArray(), g => g.GetProperty("key").GetString()));
        }

        [Fact]
        public void Reprice_AppliesANewPriceToStoredRequests_WithADryRunFirst()
        {
            // acme-7b is unknown: stored unpriced. A price of $0.5 / $1.5 per million then prices 1M + 1M = $2.
            Assert.Equal(0, Run("add", "--db", Db, "--provider", "acme", "--model", "acme-7b", "--input", "1000000", "--output", "1000000", "--request-id", "r1", "--time", "2025-06-10T00:00:00Z").Code);
            var set = Run("prices", "set", "--provider", "acme", "--model", "acme-7b", "--input", "0.5", "--output", "1.5", "--effective-from", "2025-01-01", "--db", Db);
            Assert.Contains("llmcost reprice --provider acme --model acme-7b", set.Err);
            var dry = Run("reprice", "--model", "acme-7b", "--dry-run", "--db", Db);
            Assert.Contains("dry run", dry.Out);
            Assert.Contains("$2.000000", dry.Out);
            Assert.Equal(1, Totals().UnpricedRequests);
            var real = Run("reprice", "--model", "acme-7b", "--reason", "price list", "--db", Db);
            Assert.Contains("re-priced 1 request", real.Out);
            Assert.Equal((0L, (decimal?)2m), Totals());
            Assert.Contains("price list", Run("reprice", "--history", "--db", Db).Out);

            (long UnpricedRequests, decimal? Cost) Totals()
            {
                using var doc = JsonDocument.Parse(Run("cost", "--db", Db, "--model", "acme-7b", "--json").Out);
                var t = doc.RootElement.GetProperty("total");
                var cost = t.GetProperty("cost");
                return (t.GetProperty("unpricedRequests").GetInt64(), cost.ValueKind == JsonValueKind.Null ? null : cost.GetDecimal()); // all unpriced: null, never 0
            }
        }

        [Fact]
        public void AddResponse_RecordsAProviderBodyFromAFile()
        {
            // cost-rules example 1 as an OpenAI chat response: $0.005615.
            string body = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Db)!, "response.json");
            System.IO.File.WriteAllText(body, "{\"id\":\"chatcmpl-r\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\",\"created\":1748772000," +
                                              "\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,\"prompt_tokens_details\":{\"cached_tokens\":1920}}}");
            var r = Run("add", "--response", body, "--session", "resp", "--db", Db);
            Assert.Equal(0, r.Code);
            Assert.Contains("$0.005615", r.Out);
            Assert.Equal(0.005615m, Cost(Run("cost", "--session", "resp", "--db", Db, "--json").Out));
            var empty = Run("add", "--response", Db + ".missing", "--db", Db);
            Assert.Equal(2, empty.Code);
        }

        [Fact]
        public void SinceAfterUntil_IsAUsageError()
        {
            var r = Run("cost", "--db", Db, "--since", "2025-06-02", "--until", "2025-06-01");
            Assert.Equal(2, r.Code);
            Assert.Contains("starts after it ends", r.Err);
        }

        [Fact]
        public void SessionWildcards_AndAWarningWhenNothingMatches()
        {
            Assert.Equal(0.00656m, Cost(Run("cost", "--db", Db, "--session", "doc*", "--json").Out));
            var none = Run("cost", "--db", Db, "--session", "nobody");
            Assert.Equal(0, none.Code);
            Assert.Contains("no stored request matches --session nobody", none.Err);
        }
    }
}
