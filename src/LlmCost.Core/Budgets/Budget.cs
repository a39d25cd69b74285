using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Notifications;

namespace LlmCost.Core.Budgets
{
    /// <summary>A spending limit over a period and a scope of usage.</summary>
    public sealed class Budget
    {
        public static readonly IReadOnlyList<int> DefaultThresholds = new[] { 50, 80, 100 };

        public long Id { get; set; }
        public string Name { get; set; } = "";
        public decimal Amount { get; set; }
        public string Currency { get; set; } = "USD";
        public BudgetPeriod Period { get; set; } = BudgetPeriod.Monthly;
        /// <summary>IANA (or Windows) time zone id for calendar periods.</summary>
        public string TimeZone { get; set; } = "UTC";
        public string? Provider { get; set; }
        /// <summary>Model name; '*' and '?' are wildcards.</summary>
        public string? Model { get; set; }
        public string? SessionId { get; set; }
        public string? Tag { get; set; }
        public IReadOnlyList<int> Thresholds { get; set; } = DefaultThresholds;
        public BudgetEnforcement Enforcement { get; set; } = BudgetEnforcement.Soft;
        /// <summary>Notification targets: <c>webhook:URL</c>, <c>slack:URL</c>, <c>teams:URL</c>, <c>email:ADDRESS</c>; a URL may be <c>env:VAR</c>.</summary>
        public IReadOnlyList<string> Notify { get; set; } = Array.Empty<string>();
        public DateTime CreatedUtc { get; set; }
        public DateTime UpdatedUtc { get; set; }

        /// <summary>A threshold's level: 100 % and above is critical, 80 % and above warning, below that info.</summary>
        public static AlertLevel LevelOf(int threshold) =>
            threshold >= 100 ? AlertLevel.Critical : threshold >= 80 ? AlertLevel.Warning : AlertLevel.Info;

        public Budget Clone() => (Budget)MemberwiseClone();

        public TimeZoneInfo ResolveTimeZone()
        {
            try
            {
                return Queries.TimeZones.Find(TimeZone);
            }
            catch (LlmCostException ex)
            {
                throw new LlmCostException(ex.ErrorId, $"Budget '{Name}': {ex.Message}", ex);
            }
        }

        public void Validate()
        {
            if (string.IsNullOrWhiteSpace(Name)) throw new LlmCostException("InvalidBudget", "A budget needs a name.");
            if (Name.StartsWith("=", StringComparison.Ordinal)) throw new LlmCostException("InvalidBudget", $"Budget name '{Name}' must not start with '=' (spreadsheets would run it as a formula).");
            if (Amount <= 0) throw new LlmCostException("InvalidBudget", $"Budget '{Name}': Amount must be greater than 0, got {Amount}.");
            if (!string.Equals(Currency, "USD", StringComparison.OrdinalIgnoreCase))
            {
                throw new LlmCostException("UnsupportedCurrency", $"Budget '{Name}': currency '{Currency}' is not supported yet; costs are in USD.");
            }

            if (Thresholds == null || Thresholds.Count == 0) throw new LlmCostException("InvalidBudget", $"Budget '{Name}': at least one threshold is needed.");
            var bad = Thresholds.Where(t => t <= 0 || t > 1000).ToList();
            if (bad.Count > 0)
            {
                throw new LlmCostException("InvalidBudget", $"Budget '{Name}': thresholds are percents between 1 and 1000, got {string.Join(", ", bad)}.");
            }

            if (Period == BudgetPeriod.Session && SessionId != null)
            {
                throw new LlmCostException("InvalidBudget", $"Budget '{Name}': a per-session budget caps every session; use -Session with another period to cap one session.");
            }

            foreach (var target in Notify) NotificationTarget.Parse(target);
            ResolveTimeZone();
        }

        /// <summary>True when a request of this provider/model/session/tags is within the budget's scope.</summary>
        public bool Covers(string? provider, string? model, string? sessionId, IReadOnlyList<string>? tags)
        {
            if (Provider != null && !string.Equals(Pricing.PriceCatalog.NormalizeProvider(Provider), provider == null ? null : Pricing.PriceCatalog.NormalizeProvider(provider), StringComparison.Ordinal)) return false;
            if (Model != null && (model == null || !Wildcard.IsMatch(Model, model))) return false;
            if (SessionId != null && !string.Equals(SessionId, sessionId, StringComparison.Ordinal)) return false;
            if (Tag != null && (tags == null || !tags.Contains(Tag, StringComparer.Ordinal))) return false;
            return true;
        }
    }
}
