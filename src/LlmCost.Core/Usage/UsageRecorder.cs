using System;
using System.Collections.Generic;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Usage
{
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

        /// <param name="records">The records to store.</param>
        /// <param name="policy">What to do with a request already stored.</param>
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
