using System;

namespace LlmCost.Core.Budgets
{
    /// <summary>A hard budget refused a request before it was sent.</summary>
    public sealed class BudgetExceededException : LlmCostException
    {
        public BudgetExceededException(string budgetName, decimal spent, decimal limit, string currency, DateTime? periodEndUtc)
            : base("BudgetExceeded",
                $"Hard budget '{budgetName}' is exhausted: {spent.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} of " +
                $"{limit.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} {currency} spent" +
                (periodEndUtc.HasValue ? $" in the period ending {periodEndUtc.Value:yyyy-MM-dd HH:mm}Z" : "") + "; the request was not sent.")
        {
            BudgetName = budgetName;
            Spent = spent;
            Limit = limit;
            Currency = currency;
            PeriodEndUtc = periodEndUtc;
        }

        public string BudgetName { get; }
        public decimal Spent { get; }
        public decimal Limit { get; }
        public string Currency { get; }
        public DateTime? PeriodEndUtc { get; }
    }
}
