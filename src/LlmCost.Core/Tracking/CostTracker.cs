using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using LlmCost.Core.Budgets;
using LlmCost.Core.Export;
using LlmCost.Core.Queries;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tracking
{
    /// <summary>
    /// Records usage for an app: created once, called per request. Recording only queues; a background thread writes
    /// in batches, so the request path never waits for the database. Dispose flushes everything that was queued.
    /// </summary>
    public sealed class CostTracker : IDisposable
    {
        private static readonly AsyncLocal<string?> AmbientSession = new AsyncLocal<string?>();
        private readonly ConcurrentQueue<UsageRecord> _queue = new ConcurrentQueue<UsageRecord>();
        private readonly AutoResetEvent _signal = new AutoResetEvent(false);
        private readonly ManualResetEventSlim _drained = new ManualResetEventSlim(true);
        private readonly Thread _writer;
        private readonly CostTrackerOptions _options;
        private readonly UsageRecorder _recorder;
        private readonly ConcurrentDictionary<string, byte> _sessions = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        private volatile bool _stopping;
        private long _queued;
        private long _recorded;
        private long _failed;
        private int _disposed;

        /// <summary>Opens (or creates) the store named by <paramref name="options"/> and starts the background writer.</summary>
        /// <param name="options">Where to store and how to check budgets; null for the defaults ($LLMCOST_DB, hard budgets enforced).</param>
        public CostTracker(CostTrackerOptions? options = null)
        {
            _options = options ?? new CostTrackerOptions();
            Store = CostStores.Open(_options.DatabasePath);
            _recorder = new UsageRecorder(Store);
            Gate = _options.Gate ?? (_options.EnforceBudgets ? new BudgetGate(new BudgetService(Store), _options.BudgetCheckInterval) : null);
            _writer = new Thread(WriteLoop) { IsBackground = true, Name = "LlmCost tracker" };
            _writer.Start();
        }

        /// <summary>The store the tracker writes to; open for reading costs (GetTotals, GetCosts) while the app runs.</summary>
        public ICostStore Store { get; }
        /// <summary>The check made before each request; null when budgets are not enforced.</summary>
        public IBudgetGate? Gate { get; }

        /// <summary>Requests written to the store.</summary>
        public long Recorded => Interlocked.Read(ref _recorded);
        /// <summary>Requests or responses that could not be tracked (logged, never thrown at the caller).</summary>
        public long Failed => Interlocked.Read(ref _failed);
        /// <summary>Records queued but not yet written or rejected.</summary>
        public long Pending => Interlocked.Read(ref _queued) - Interlocked.Read(ref _recorded) - Interlocked.Read(ref _failedQueued);

        private long _failedQueued;

        /// <summary>The session of the current async flow, set by <see cref="BeginSession"/>.</summary>
        public static string? CurrentSession => AmbientSession.Value;

        /// <summary>Attributes requests made in this async flow to <paramref name="sessionId"/> until disposed.</summary>
        public static IDisposable BeginSession(string sessionId)
        {
            string? previous = AmbientSession.Value;
            AmbientSession.Value = sessionId;
            return new Restore(() => AmbientSession.Value = previous);
        }

        /// <summary>Throws <see cref="BudgetExceededException"/> when a hard budget covering the request is spent.</summary>
        public void EnsureAllowed(RequestScope scope)
        {
            if (Gate == null) return;
            try
            {
                Gate.EnsureAllowed(scope);
            }
            catch (BudgetExceededException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A broken budget check must not stop the app's requests.
                ReportFailure("budget check failed: " + ex.Message);
            }
        }

        /// <summary>Queues a request's usage; returns at once.</summary>
        public void Record(UsageRecord record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            if (_stopping)
            {
                ReportFailure($"tracker is disposed: {record.Provider}/{record.Model} not recorded");
                return;
            }

            record.SessionId ??= CurrentSession;
            if (record.SessionId != null) _sessions.TryAdd(record.SessionId, 0);
            Interlocked.Increment(ref _queued);
            _drained.Reset();
            _queue.Enqueue(record);
            if (_queue.Count >= 512) _signal.Set();
        }

        internal void ReportFailure(string message)
        {
            Interlocked.Increment(ref _failed);
            try
            {
                _options.Log?.Invoke("LlmCost: " + message);
            }
            catch (Exception)
            {
                // The app's logger failing is not our caller's problem either.
            }
        }

        /// <summary>Waits until everything queued so far is written.</summary>
        public bool Flush(TimeSpan? timeout = null)
        {
            _signal.Set();
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (Pending > 0)
            {
                if (DateTime.UtcNow > deadline) return false;
                _signal.Set();
                _drained.Wait(TimeSpan.FromMilliseconds(50));
            }

            return true;
        }

        private void WriteLoop()
        {
            var batch = new List<UsageRecord>(1024);
            while (true)
            {
                _signal.WaitOne(_options.FlushInterval);
                while (_queue.TryDequeue(out var r))
                {
                    batch.Add(r);
                    if (batch.Count >= 5000) WriteBatch(batch);
                }

                WriteBatch(batch);
                if (_queue.IsEmpty) _drained.Set();
                if (_stopping && _queue.IsEmpty) return;
            }
        }

        private void WriteBatch(List<UsageRecord> batch)
        {
            if (batch.Count == 0) return;
            try
            {
                Count(_recorder.Record(batch, checkBudgets: false));
            }
            catch (Exception)
            {
                // The write failed (nothing of the batch is stored): try them one by one, so one failure does not lose the others.
                foreach (var r in batch)
                {
                    try
                    {
                        Count(_recorder.Record(new[] { r }, checkBudgets: false));
                    }
                    catch (Exception one)
                    {
                        Interlocked.Increment(ref _failedQueued);
                        ReportFailure($"could not record {r.Provider}/{r.Model}: {one.Message}");
                    }
                }
            }

            batch.Clear();
        }

        private void Count(RecordingResult result)
        {
            Interlocked.Add(ref _recorded, result.Recorded.Count);
            foreach (var bad in result.Rejected)
            {
                Interlocked.Increment(ref _failedQueued);
                ReportFailure($"could not record {bad.Record.Provider}/{bad.Record.Model}: {bad.Error.Message}");
            }
        }

        /// <summary>Writes everything queued, exports the seen sessions when <see cref="CostTrackerOptions.ExportOnDisposePath"/> is set, then stops the writer and closes the store.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            _stopping = true;
            _signal.Set();
            _writer.Join(TimeSpan.FromSeconds(60));
            if (_options.ExportOnDisposePath != null) ExportSessions(_options.ExportOnDisposePath);
            Store.Dispose();
            _signal.Dispose();
            _drained.Dispose();
        }

        private void ExportSessions(string path)
        {
            try
            {
                var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Json : ExportFormat.Csv;
                var ids = _sessions.Keys.OrderBy(s => s, StringComparer.Ordinal).ToList();
                var groups = ids.Count == 0 ? new List<CostGroup>() : Store.GetCosts(new CostQuery { Sessions = ids, GroupBy = CostGrouping.Session }).ToList();
                string[] columns = { "SessionId", "Requests", "UnpricedRequests", "InputTokens", "OutputTokens", "Cost", "Currency" };
                var rows = groups.Select(g => new object?[] { g.Key, g.Totals.Requests, g.Totals.UnpricedRequests, g.Totals.InputTokens, g.Totals.OutputTokens, g.Totals.Cost, "USD" });
                using var w = new StreamWriter(path, false, new UTF8Encoding(false));
                TabularWriter.Write(w, format, columns, rows);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is LlmCostException)
            {
                ReportFailure($"export on exit to '{path}' failed: {ex.Message}");
            }
        }

        private sealed class Restore : IDisposable
        {
            private Action? _undo;

            public Restore(Action undo)
            {
                _undo = undo;
            }

            public void Dispose()
            {
                _undo?.Invoke();
                _undo = null;
            }
        }
    }
}
