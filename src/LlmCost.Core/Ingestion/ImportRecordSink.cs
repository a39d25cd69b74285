using System;
using System.Collections.Generic;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>Prices records as they are read and passes them to the writer; keeps the last snapshot of a streamed message.</summary>
    internal sealed class ImportRecordSink
    {
        private readonly IBulkRequestWriter _recorder;
        private readonly RequestPricer _pricer;
        private readonly ImportSummary _summary;
        private readonly string _file;
        private readonly Action<ImportError>? _onError;
        private string? _pendingKey;
        private UsageRecord? _pendingOne;
        private IReadOnlyList<UsageRecord>? _pending;
        private int _pendingCount;
        private long _pendingLine;

        public ImportRecordSink(IBulkRequestWriter recorder, RequestPricer pricer, ImportSummary summary, string file, Action<ImportError>? onError)
        {
            _recorder = recorder;
            _pricer = pricer;
            _summary = summary;
            _file = file;
            _onError = onError;
        }

        /// <summary>
        /// Prices and queues a record. A record that cannot be priced (a cost out of range) is reported against its own
        /// line, never the line being read when a pending snapshot is finally written.
        /// </summary>
        private void Write(UsageRecord record, long line)
        {
            PricedRequest priced;
            try
            {
                priced = _pricer.PriceValidated(record);
            }
            catch (LlmCostException ex)
            {
                _summary.Records--;
                _summary.Report(_onError, new ImportError { File = _file, Line = line, ErrorId = ex.ErrorId, Message = ex.Message });
                return;
            }

            if (record.SourceCost.HasValue)
            {
                // The other tool's cost next to ours, over the same records, so an import shows where they differ.
                _summary.SourcedRecords++;
                _summary.SourceCost += record.SourceCost.Value;
                if (priced.CostNano.HasValue) _summary.CostAtOurPrices += Money.Nano.ToDecimal(priced.CostNano.Value);
                else _summary.SourcedUnpriced++;
            }

            _recorder.Add(priced);
        }

        /// <summary>
        /// Adds a record; records sharing <paramref name="snapshotKey"/> in a row replace each other (last wins).
        /// Throws <see cref="InvalidUsageException"/> for a record that cannot be stored, before anything is queued.
        /// </summary>
        public void Add(UsageRecord record, string? snapshotKey, long line = 0)
        {
            record.Validate();
            Take(record, null, 1, snapshotKey, line);
        }

        /// <summary>A request's record with the records of its steps: one unit, replaced as a whole by a later snapshot.</summary>
        public void Add(IReadOnlyList<UsageRecord> records, string? snapshotKey, long line = 0)
        {
            // Indexed loops: a foreach over the interface allocates an enumerator per line (import path).
            for (int i = 0; i < records.Count; i++) records[i].Validate();
            if (records.Count == 1) Take(records[0], null, 1, snapshotKey, line);
            else Take(null, records, records.Count, snapshotKey, line);
        }

        /// <summary>
        /// The unit pending is one record or a list of them (a request with steps): a request alone, most of them,
        /// needs no array around it (import path).
        /// </summary>
        private void Take(UsageRecord? one, IReadOnlyList<UsageRecord>? many, int count, string? snapshotKey, long line)
        {
            _summary.Records += count;
            if (snapshotKey != null && snapshotKey == _pendingKey)
            {
                // An earlier snapshot of the same streamed message: the later one replaces it before it is written.
                _summary.Superseded += _pendingCount;
                SetPending(one, many, count, snapshotKey, line);
                return;
            }

            WritePending();
            if (snapshotKey != null)
            {
                SetPending(one, many, count, snapshotKey, line);
                return;
            }

            if (one != null) Write(one, line);
            else WriteAll(many!, line);
        }

        private void SetPending(UsageRecord? one, IReadOnlyList<UsageRecord>? many, int count, string? key, long line)
        {
            _pendingOne = one;
            _pending = many;
            _pendingCount = count;
            _pendingKey = key;
            _pendingLine = line;
        }

        private void WritePending()
        {
            if (_pendingOne != null) Write(_pendingOne, _pendingLine);
            else if (_pending != null) WriteAll(_pending, _pendingLine);
            SetPending(null, null, 0, null, 0);
        }

        private void WriteAll(IReadOnlyList<UsageRecord> records, long line)
        {
            for (int i = 0; i < records.Count; i++) Write(records[i], line);
        }

        public void Flush() => WritePending();
    }
}
