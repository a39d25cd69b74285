using System;
using LlmCost.Core.Budgets;

namespace LlmCost.Core.Tracking
{
    /// <summary>How a <see cref="CostTracker"/> stores usage and checks budgets; every setting has a working default.</summary>
    public sealed class CostTrackerOptions
    {
        /// <summary>The database; default $LLMCOST_DB or the per-user data folder.</summary>
        public string? DatabasePath { get; set; }
        /// <summary>Checked before each request; by default the hard budgets of the store (set <see cref="EnforceBudgets"/> false to skip).</summary>
        public IBudgetGate? Gate { get; set; }
        /// <summary>Whether the store's hard budgets refuse requests over their limit (default true); ignored when <see cref="Gate"/> is set.</summary>
        public bool EnforceBudgets { get; set; } = true;
        /// <summary>How long the hard-budget check reuses a budget's spend before reading it again.</summary>
        public TimeSpan BudgetCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
        /// <summary>Write the costs of the sessions seen by this tracker to this file on dispose (CSV or JSON by extension). Default: $LLMCOST_EXPORT_ON_EXIT.</summary>
        public string? ExportOnDisposePath { get; set; } = Environment.GetEnvironmentVariable("LLMCOST_EXPORT_ON_EXIT");
        /// <summary>Where tracking problems are reported; they never reach the caller's request.</summary>
        public Action<string>? Log { get; set; }
        /// <summary>Longest wait before queued records are written.</summary>
        public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    }
}
