using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Queries
{
    /// <summary>The rules for grouping keys (<c>-GroupBy Day,Model</c>): one home for what combines with what.</summary>
    public static class CostGroupings
    {
        public static bool IsCalendarPeriod(CostGrouping g) =>
            g == CostGrouping.Hour || g == CostGrouping.Day || g == CostGrouping.Week || g == CostGrouping.Month;

        /// <summary>
        /// The keys as a query uses them: None dropped, each key once, at most one calendar period. A bad combination is
        /// an error that names it, never a silently different grouping.
        /// </summary>
        public static IReadOnlyList<CostGrouping> Normalize(IEnumerable<CostGrouping>? keys)
        {
            if (keys == null) return Array.Empty<CostGrouping>();
            var list = new List<CostGrouping>();
            foreach (var k in keys)
            {
                if (!Enum.IsDefined(typeof(CostGrouping), k)) throw new ArgumentOutOfRangeException(nameof(keys), k, "not a grouping");
                if (k == CostGrouping.None) continue;
                if (list.Contains(k)) throw new LlmCostException("DuplicateGroupBy", $"GroupBy names {k} twice.");
                list.Add(k);
            }

            var periods = list.Where(IsCalendarPeriod).ToList();
            if (periods.Count > 1)
            {
                throw new LlmCostException("ConflictingGroupBy",
                    $"GroupBy takes at most one of Hour, Day, Week and Month; got {string.Join(",", periods)}.");
            }

            return list;
        }

        /// <summary>How the keys are written back: "Day,Model", or "None".</summary>
        public static string Describe(IReadOnlyList<CostGrouping> keys) => keys.Count == 0 ? "None" : string.Join(",", keys);
    }
}
