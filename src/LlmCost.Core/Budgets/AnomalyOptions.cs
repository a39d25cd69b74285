using System;
using System.Collections.Generic;

namespace LlmCost.Core.Budgets
{
    public sealed class AnomalyOptions
    {
        /// <summary>First day examined (UTC instant; its local day in <see cref="TimeZone"/>). Default: 7 days before <see cref="Until"/>.</summary>
        public DateTime? Since { get; set; }
        /// <summary>End of the examined range (exclusive). Default: now.</summary>
        public DateTime? Until { get; set; }
        /// <summary>How many preceding days form the norm.</summary>
        public int WindowDays { get; set; } = 14;
        /// <summary>Days of history needed before a day can be judged.</summary>
        public int MinHistoryDays { get; set; } = 7;
        /// <summary>Robust z-score above which a day is flagged.</summary>
        public double Threshold { get; set; } = 3.5;
        public TimeZoneInfo? TimeZone { get; set; }
        /// <summary>Which scopes to examine: all, provider, model, session.</summary>
        public ISet<string> Scopes { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "all", "provider", "model", "session" };

        public AnomalyOptions Clone() => new AnomalyOptions
        {
            Since = Since,
            Until = Until,
            WindowDays = WindowDays,
            MinHistoryDays = MinHistoryDays,
            Threshold = Threshold,
            TimeZone = TimeZone,
            Scopes = new HashSet<string>(Scopes, StringComparer.OrdinalIgnoreCase),
        };
    }
}
