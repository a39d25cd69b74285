using System;
using System.Linq;
using LlmCost.Core.Budgets;

namespace LlmCost.PowerShell.Output
{
    public sealed class LlmBudgetAlert
    {
        public long AlertId { get; set; }
        public string Name { get; set; } = "";
        public string? SessionId { get; set; }
        public DateTime? PeriodStart { get; set; }
        public int Threshold { get; set; }
        public string Level { get; set; } = "";
        public decimal Spent { get; set; }
        public decimal Limit { get; set; }
        public DateTime CreatedAt { get; set; }
        /// <summary>Each target with its delivery status, e.g. "webhook:https://hooks.example.com/*** delivered".</summary>
        public string Deliveries { get; set; } = "";
        public bool Delivered { get; set; }

        internal static LlmBudgetAlert From(BudgetAlert a) => new LlmBudgetAlert
        {
            AlertId = a.AlertId,
            Name = a.Budget,
            SessionId = a.SessionId,
            PeriodStart = a.PeriodStartUtc,
            Threshold = a.Threshold,
            Level = a.Level.ToString().ToLowerInvariant(),
            Spent = a.Spent,
            Limit = a.Limit,
            CreatedAt = a.CreatedUtc,
            Deliveries = string.Join("; ", a.Deliveries.Select(d => d.Target + " " + d.Status + (d.LastError != null ? " (" + d.LastError + ")" : ""))),
            Delivered = a.Deliveries.All(d => d.Status == "delivered"),
        };
    }
}
