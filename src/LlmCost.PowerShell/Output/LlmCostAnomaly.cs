using System;
using LlmCost.Core.Budgets;

namespace LlmCost.PowerShell.Output
{
    public sealed class LlmCostAnomaly
    {
        public DateTime Day { get; set; }
        public string ScopeKind { get; set; } = "";
        public string Scope { get; set; } = "";
        public decimal Spent { get; set; }
        public decimal Expected { get; set; }
        public decimal ExpectedLow { get; set; }
        public decimal ExpectedHigh { get; set; }
        public decimal Deviation { get; set; }
        public double Score { get; set; }
        public string Direction { get; set; } = "";

        internal static LlmCostAnomaly From(CostAnomaly a) => new LlmCostAnomaly
        {
            Day = a.Day,
            ScopeKind = a.ScopeKind,
            Scope = a.Scope,
            Spent = a.Spent,
            Expected = a.Expected,
            ExpectedLow = a.ExpectedLow,
            ExpectedHigh = a.ExpectedHigh,
            Deviation = a.Deviation,
            Score = a.Score,
            Direction = a.Direction,
        };
    }
}
