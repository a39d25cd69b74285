using System;
using System.Collections.Generic;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Usage
{
    /// <summary>
    /// Strict recording for code that holds a store (tests, tools, the benchmark harness): price and write, throwing
    /// <see cref="InvalidUsageException"/> at the first bad record. Front ends use <see cref="UsageRecorder"/>.
    /// </summary>
    public static class CostStoreRecording
    {
        public static PricedRequest Record(this ICostStore store, UsageRecord record, DuplicatePolicy policy = DuplicatePolicy.Skip)
        {
            var priced = new RequestPricer(store.Prices).Price(record);
            store.Write(new[] { priced }, policy);
            return priced;
        }

        /// <summary>Records many requests in transactions of <paramref name="batchSize"/>; <paramref name="onRecorded"/> sees each outcome.</summary>
        public static BatchResult RecordMany(this ICostStore store, IEnumerable<UsageRecord> records, DuplicatePolicy policy = DuplicatePolicy.Skip,
            Action<PricedRequest>? onRecorded = null, int batchSize = 5000)
        {
            if (records == null) throw new ArgumentNullException(nameof(records));
            if (batchSize < 1) batchSize = 1;
            var pricer = new RequestPricer(store.Prices);
            var total = new BatchResult();
            var pending = new List<PricedRequest>(Math.Min(batchSize, 1024));
            void Flush()
            {
                var r = store.Write(pending, policy);
                total.Added += r.Added;
                total.Replaced += r.Replaced;
                total.Duplicates += r.Duplicates;
                total.Unpriced += r.Unpriced;
                if (onRecorded != null) foreach (var p in pending) onRecorded(p);
                pending.Clear();
            }

            foreach (var record in records)
            {
                pending.Add(pricer.Price(record));
                if (pending.Count >= batchSize) Flush();
            }

            if (pending.Count > 0) Flush();
            return total;
        }
    }
}
