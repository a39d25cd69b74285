using System.Text.Json;

namespace LlmCost.Cli.Tests
{
    /// <summary>llmcost budget set changes only what is given.</summary>
    public sealed class BudgetSetCliTests : CliTestBase
    {
        [Fact]
        public void ChangingTheAmount_KeepsScopeThresholdsAndTargets_AndAnEmptyValueRemovesAFilter()
        {
            Assert.Equal(0, Run("budget", "set", "team", "--amount", "500", "--period", "total", "--tag", "team-a", "--thresholds", "25", "--thresholds", "75",
                "--notify", "webhook:https://example.com/hook", "--db", Db).Code);
            Assert.Equal(0, Run("budget", "set", "team", "--amount", "600", "--db", Db).Code);
            using (var doc = JsonDocument.Parse(Run("budget", "list", "--json", "--db", Db).Out))
            {
                var b = doc.RootElement[0];
                Assert.Equal(600m, b.GetProperty("limit").GetDecimal());
                Assert.Equal("team-a", b.GetProperty("scopeTag").GetString());
                Assert.Equal(new[] { 25, 75 }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(b.GetProperty("thresholds").EnumerateArray(), t => t.GetInt32())));
                Assert.Equal(1, b.GetProperty("notify").GetArrayLength());
            }

            Assert.Equal(0, Run("budget", "set", "team", "--tag", "", "--db", Db).Code);
            using (var doc = JsonDocument.Parse(Run("budget", "list", "--json", "--db", Db).Out))
            {
                Assert.Equal(JsonValueKind.Null, doc.RootElement[0].GetProperty("scopeTag").ValueKind);
            }

            var missing = Run("budget", "set", "new-one", "--tag", "x", "--db", Db);
            Assert.Equal(1, missing.Code);
            Assert.Contains("InvalidBudget", missing.Err);
        }
    }
}
