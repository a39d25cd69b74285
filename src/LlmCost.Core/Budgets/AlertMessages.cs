using System;
using System.Globalization;
using LlmCost.Core.Notifications;

namespace LlmCost.Core.Budgets
{
    /// <summary>The subject, text and fields of the notification for a budget alert or an anomaly.</summary>
    public static class AlertMessages
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static AlertMessage ForBudgetAlert(BudgetAlert alert, string period)
        {
            string level = alert.Level.ToString().ToLowerInvariant();
            string scope = alert.SessionId != null ? $" for session {alert.SessionId}" : "";
            decimal spent = alert.Spent, limit = alert.Limit;
            var periodStart = alert.PeriodStartUtc;
            return new AlertMessage
            {
                Kind = "budget",
                Subject = $"[LlmCost] {level.ToUpperInvariant()}: budget '{alert.Budget}' reached {alert.Threshold}%{scope}",
                Text = $"Budget '{alert.Budget}' ({period}{(periodStart.HasValue ? ", period from " + periodStart.Value.ToString("yyyy-MM-dd HH:mm", Inv) + " UTC" : "")}){scope} " +
                       $"has spent {spent.ToString("0.######", Inv)} of {limit.ToString("0.######", Inv)} USD " +
                       $"({decimal.Round(spent / limit * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", Inv)}%), crossing the {alert.Threshold}% threshold.",
                Fields =
                {
                    ["budget"] = alert.Budget,
                    ["period"] = period,
                    ["periodStartUtc"] = periodStart?.ToString("yyyy-MM-ddTHH:mm:ssZ", Inv),
                    ["sessionId"] = alert.SessionId,
                    ["threshold"] = alert.Threshold,
                    ["level"] = level,
                    ["spent"] = spent,
                    ["limit"] = limit,
                    ["currency"] = "USD",
                },
            };
        }

        public static AlertMessage ForAnomaly(CostAnomaly a)
        {
            DateTime day = a.DayStartUtc;
            return new AlertMessage
            {
                Kind = "anomaly",
                Subject = $"[LlmCost] Spending anomaly: {a.ScopeKind} {a.Scope} on {day:yyyy-MM-dd}",
                Text = $"Spend of {a.ScopeKind} '{a.Scope}' on {day.ToString("yyyy-MM-dd", Inv)} was {a.Spent.ToString("0.######", Inv)} USD; " +
                       $"the recent norm is {a.ExpectedLow.ToString("0.######", Inv)} to {a.ExpectedHigh.ToString("0.######", Inv)} USD (score {a.Score.ToString("0.0", Inv)}).",
                Fields =
                {
                    ["scopeKind"] = a.ScopeKind,
                    ["scope"] = a.Scope,
                    ["day"] = day.ToString("yyyy-MM-dd", Inv),
                    ["spent"] = a.Spent,
                    ["expectedLow"] = a.ExpectedLow,
                    ["expectedHigh"] = a.ExpectedHigh,
                    ["score"] = a.Score,
                    ["currency"] = "USD",
                },
            };
        }
    }
}
