using System;

namespace LlmCost.Core.Budgets
{
    /// <summary>A hard budget refused a request before it was sent.</summary>
    public sealed class BudgetExceededException : LlmCostException
    {
        /// <summary>A refused request: the budget, its spend and limit, and when its period ends.</summary>
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

        /// <summary>The budget that refused the request.</summary>
        public string BudgetName { get; }
        /// <summary>What the budget's scope has spent this period.</summary>
        public decimal Spent { get; }
        /// <summary>The budget's limit for the period.</summary>
        public decimal Limit { get; }
        /// <summary>The currency of the amounts (USD).</summary>
        public string Currency { get; }
        /// <summary>When the period ends and the budget allows requests again; null for a budget without a period end.</summary>
        public DateTime? PeriodEndUtc { get; }
    }
}
