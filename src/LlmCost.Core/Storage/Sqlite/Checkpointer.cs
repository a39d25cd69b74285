using System;
using System.Threading;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Copies committed WAL pages back into the database on a thread of its own, while the writer goes on: the
    /// bulk writer's connection has automatic checkpoints off for a whole import, so its commits only append to the WAL
    /// and never wait for a checkpoint. A checkpoint never changes what the database holds; one that fails is left to
    /// the writer's final checkpoint.
    /// </summary>
    internal sealed class Checkpointer : IDisposable
    {
        private readonly SqliteCostStore _store;
        private readonly AutoResetEvent _requested = new AutoResetEvent(false);
        private readonly Thread _thread;
        private volatile bool _stopping;

        public Checkpointer(SqliteCostStore store)
        {
            _store = store;
            _thread = new Thread(Run) { IsBackground = true, Name = "LlmCost checkpointer" };
            _thread.Start();
        }

        public void Request() => _requested.Set();

        private void Run()
        {
            try
            {
                using var conn = _store.OpenConnection();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                while (true)
                {
                    _requested.WaitOne();
                    if (_stopping) return;
                    cmd.ExecuteNonQuery();
                }
            }
            catch (Exception)
            {
                // Whatever went wrong, the writer's final checkpoint copies the WAL back; an exception escaping
                // this thread would end the whole process.
            }
        }

        public void Dispose()
        {
            _stopping = true;
            _requested.Set();
            _thread.Join();
            _requested.Dispose();
        }
    }
}
