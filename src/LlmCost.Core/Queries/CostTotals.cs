using System;

namespace LlmCost.Core.Queries
{
    /// <summary>Token and cost totals of a set of requests. Cost excludes unpriced requests, which are counted.</summary>
    public sealed class CostTotals
    {
        public long Requests { get; set; }
        public long UnpricedRequests { get; set; }
        public long InputTokens { get; set; }
        public long CacheReadTokens { get; set; }
        public long CacheWrite5mTokens { get; set; }
        public long CacheWrite1hTokens { get; set; }
        public long OutputTokens { get; set; }
        public long ReasoningTokens { get; set; }
        public long CostNano { get; set; }
        public decimal Cost => Money.Nano.ToDecimal(CostNano);

        /// <summary>
        /// The cost less contract discounts (Set-LlmContractDiscount), nano-USD; null when the store has none, and the
        /// contracted cost is then the list cost <see cref="CostNano"/>.
        /// </summary>
        public long? ContractedCostNano { get; set; }

        /// <summary>The contracted cost: the list cost less contract discounts (the list cost when there are none).</summary>
        public decimal ContractedCost => Money.Nano.ToDecimal(ContractedCostNano ?? CostNano);
        public string Currency { get; set; } = "USD";
        /// <summary>Input less its cache reads and writes (never below 0).</summary>
        public long UncachedInputTokens => Math.Max(0, InputTokens - CacheReadTokens - CacheWrite5mTokens - CacheWrite1hTokens);

        /// <summary>True when there are requests and none of them has a price: the cost is unknown, never $0.</summary>
        public bool AllUnpriced => Requests > 0 && UnpricedRequests == Requests;

        /// <summary>The cost as shown everywhere: null when <see cref="AllUnpriced"/>, else the sum of the priced requests.</summary>
        public decimal? KnownCost => AllUnpriced ? (decimal?)null : Cost;

        /// <summary>Back to no requests, for an object that is reused (the SQLite writer's summary changes).</summary>
        internal void Reset()
        {
            Requests = UnpricedRequests = InputTokens = CacheReadTokens = CacheWrite5mTokens = CacheWrite1hTokens = OutputTokens = ReasoningTokens = CostNano = 0;
            ContractedCostNano = null;
        }

        /// <summary>Adds another group's totals; throws <see cref="OverflowException"/> rather than wrap around.</summary>
        internal void Add(CostTotals o)
        {
            checked
            {
                Requests += o.Requests;
                UnpricedRequests += o.UnpricedRequests;
                InputTokens += o.InputTokens;
                CacheReadTokens += o.CacheReadTokens;
                CacheWrite5mTokens += o.CacheWrite5mTokens;
                CacheWrite1hTokens += o.CacheWrite1hTokens;
                OutputTokens += o.OutputTokens;
                ReasoningTokens += o.ReasoningTokens;
                CostNano += o.CostNano;
            }
        }
    }
}
