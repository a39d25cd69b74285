using System;
using System.Collections.Generic;

namespace LlmCost.Core.Storage
{
    /// <summary>What Test-LlmCostStore / llmcost store check found: SQLite's integrity check, rollups against rows, unique keys.</summary>
    public sealed class StoreCheck
    {
        public string Path { get; set; } = "";
        /// <summary>"ok", or the first problems the engine's integrity check reports.</summary>
        public IReadOnlyList<string> Integrity { get; set; } = Array.Empty<string>();
        /// <summary>Summary rows (hour x session x provider x model) that differ from the sum of their request rows.</summary>
        public long RollupMismatches { get; set; }
        /// <summary>Request keys stored more than once (each request must count once).</summary>
        public long DuplicateRequestKeys { get; set; }
        public long Requests { get; set; }
        public bool Healthy => Integrity.Count == 1 && Integrity[0] == "ok" && RollupMismatches == 0 && DuplicateRequestKeys == 0;

        /// <summary>One line per problem, for logs.</summary>
        public IEnumerable<string> Problems()
        {
            if (!(Integrity.Count == 1 && Integrity[0] == "ok")) foreach (var i in Integrity) yield return "integrity: " + i;
            if (RollupMismatches > 0) yield return $"{RollupMismatches} summary row(s) differ from their requests";
            if (DuplicateRequestKeys > 0) yield return $"{DuplicateRequestKeys} request key(s) stored more than once";
        }
    }
}
