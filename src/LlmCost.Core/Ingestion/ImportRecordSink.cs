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
        private string? _pendingKey;
        private UsageRecord? _pending;

        public ImportRecordSink(IBulkRequestWriter recorder, RequestPricer pricer, ImportSummary summary)
        {
            _recorder = recorder;
            _pricer = pricer;
            _summary = summary;
        }

        /// <summary>
        /// Adds a record; records sharing <paramref name="snapshotKey"/> in a row replace each other (last wins).
        /// Throws <see cref="InvalidUsageException"/> for a record that cannot be stored, before anything is queued.
        /// </summary>
        public void Add(UsageRecord record, string? snapshotKey)
        {
            record.Validate();
            _summary.Records++;
            if (snapshotKey != null && snapshotKey == _pendingKey)
            {
                // An earlier snapshot of the same streamed message: the later one replaces it before it is written.
                _pending = record;
                _summary.Superseded++;
                return;
            }

            if (_pending != null) _recorder.Add(_pricer.PriceValidated(_pending));
            _pending = null;
            _pendingKey = null;
            if (snapshotKey != null)
            {
                _pending = record;
                _pendingKey = snapshotKey;
                return;
            }

            _recorder.Add(_pricer.PriceValidated(record));
        }

        public void Flush()
        {
            if (_pending != null) _recorder.Add(_pricer.PriceValidated(_pending));
            _pending = null;
            _pendingKey = null;
        }
    }
}
