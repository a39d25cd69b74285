using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Budgets
{
    /// <summary>
    /// Median and median absolute deviation of a set of values with one of them left out, for each value in turn, without
    /// sorting the rest again each time (each session is judged against all the others: a thousand sessions made that a
    /// million-step sort loop). Leaving one value out moves the median to one of at most three values; the deviations
    /// from each are sorted once, and the left-out value's own deviation is skipped by position.
    /// </summary>
    internal sealed class LeaveOneOut
    {
        private readonly decimal[] _sorted;
        private readonly Dictionary<decimal, decimal[]> _deviationsFrom = new Dictionary<decimal, decimal[]>();

        public LeaveOneOut(IEnumerable<decimal> values)
        {
            _sorted = values.ToArray();
            Array.Sort(_sorted);
        }

        public int Count => _sorted.Length;

        /// <summary>Median and MAD of the values without one occurrence of <paramref name="x"/> (which must be among them).</summary>
        public (decimal Median, decimal Mad) MedianAndMadWithout(decimal x)
        {
            decimal median = MedianWithout(_sorted, x);
            if (!_deviationsFrom.TryGetValue(median, out var deviations))
            {
                deviations = _sorted.Select(v => Math.Abs(v - median)).ToArray();
                Array.Sort(deviations);
                _deviationsFrom[median] = deviations;
            }

            return (median, MedianWithout(deviations, Math.Abs(x - median)));
        }

        /// <summary>The median of a sorted array with one occurrence of <paramref name="x"/> removed.</summary>
        private static decimal MedianWithout(decimal[] sorted, decimal x)
        {
            int removed = Array.BinarySearch(sorted, x);
            if (removed < 0) throw new ArgumentException("The value left out is not among the values.", nameof(x));
            int n = sorted.Length - 1;
            if (n == 0) return 0m;
            decimal At(int k) => sorted[k < removed ? k : k + 1];
            return n % 2 == 1 ? At(n / 2) : (At(n / 2 - 1) + At(n / 2)) / 2m;
        }
    }
}
