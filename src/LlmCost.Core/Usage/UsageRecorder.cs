using System;
using System.Collections.Generic;
using System.Linq;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Usage
{
    /// <summary>A record the recorder refused, with why.</summary>
    public sealed class RejectedRecord
    {
        public RejectedRecord(int index, UsageRecord record, LlmCostException error)
        {
            Index = index;
            Record = record;
            Error = error;
        }

        /// <summary>0-based position among the records given.</summary>
        public int Index { get; }
        public UsageRecord Record { get; }
        public LlmCostException Error { get; }
    }

    /// <summary>What recording did: the requests written, the records refused, and budget thresholds crossed.</summary>
    public sealed class RecordingResult
    {
        public IReadOnlyList<PricedRequest> Recorded { get; set; } = Array.Empty<PricedRequest>();
        public IReadOnlyList<RejectedRecord> Rejected { get; set; } = Array.Empty<RejectedRecord>();
        public IReadOnlyList<ThresholdCrossing> Crossings { get; set; } = Array.Empty<ThresholdCrossing>();

        /// <summary>Requests newly stored without a price (unknown model): front ends warn about each, never show $0.</summary>
        public IEnumerable<PricedRequest> NewlyUnpriced => Recorded.Where(r => r.Added && r.Status == PricingStatus.Unpriced);
    }

    /// <summary>
    /// The recording use case for every front end (cmdlet, CLI, embedding API): validate once, price, write, and report
    /// budget thresholds the new spend crossed. Bad records are returned as data, the rest are recorded.
    /// </summary>
    public sealed class UsageRecorder
    {
        private const int TransactionSize = 5000;
        private readonly ICostStore _store;

        public UsageRecorder(ICostStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <param name="checkBudgets">Report threshold crossings (the interactive front ends warn; the embedding API relies on its gate).</param>
        public RecordingResult Record(IReadOnlyList<UsageRecord> records, DuplicatePolicy policy = DuplicatePolicy.Skip, bool checkBudgets = true)
        {
            if (records == null) throw new ArgumentNullException(nameof(records));
            var pricer = new RequestPricer(_store.Prices);
            var priced = new List<PricedRequest>(records.Count);
            var rejected = new List<RejectedRecord>();
            for (int i = 0; i < records.Count; i++)
            {
                try
                {
                    priced.Add(pricer.Price(records[i]));
                }
                catch (LlmCostException ex)
                {
                    rejected.Add(new RejectedRecord(i, records[i], ex));
                }
            }

            for (int start = 0; start < priced.Count; start += TransactionSize)
            {
                _store.Write(start == 0 && priced.Count <= TransactionSize ? priced : priced.GetRange(start, Math.Min(TransactionSize, priced.Count - start)), policy);
            }

            return new RecordingResult
            {
                Recorded = priced,
                Rejected = rejected,
                Crossings = checkBudgets ? BudgetMonitor.CheckAfterRecording(new BudgetService(_store), priced) : Array.Empty<ThresholdCrossing>(),
            };
        }
    }
}
