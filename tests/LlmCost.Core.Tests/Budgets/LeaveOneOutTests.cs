using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Budgets;
using Xunit;

namespace LlmCost.Core.Tests
{
    public class LeaveOneOutTests
    {
        /// <summary>The median of a list, by sorting it: the definition the fast path must agree with.</summary>
        private static decimal SlowMedian(List<decimal> values)
        {
            if (values.Count == 0) return 0m;
            var s = values.OrderBy(v => v).ToList();
            return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2m;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(200)]
        [InlineData(201)]
        public void MedianAndMadWithoutEachValue_EqualSortingTheOthers(int count)
        {
            var rng = new Random(count);
            // Repeated values (cents out of a small range) and a few outliers, as session costs have.
            var values = Enumerable.Range(0, count).Select(_ => rng.Next(10) == 0 ? rng.Next(10_000) / 100m : rng.Next(40) / 100m).ToList();
            var fast = new LeaveOneOut(values);
            for (int i = 0; i < values.Count; i++)
            {
                var others = values.Where((_, j) => j != i).ToList();
                decimal median = SlowMedian(others);
                decimal mad = SlowMedian(others.Select(v => Math.Abs(v - median)).ToList());
                Assert.Equal((median, mad), fast.MedianAndMadWithout(values[i]));
            }
        }

        [Fact]
        public void AValueNotAmongThem_IsRefused()
        {
            Assert.Throws<ArgumentException>(() => new LeaveOneOut(new[] { 1m, 2m }).MedianAndMadWithout(3m));
        }
    }
}
