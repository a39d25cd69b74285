using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace LlmCost.Cli
{
    /// <summary>
    /// Ctrl+C (SIGINT) and a service manager's or timeout's stop (SIGTERM) as a cancellation token, so a long command
    /// ends at its next safe point (what it committed stays, and a re-pricing is recorded) instead of being killed
    /// mid-write. A second signal is left to its default: the process ends at once.
    /// </summary>
    internal sealed class StopSignal : IDisposable
    {
        /// <summary>Exit code of a command stopped by a signal before its end (128 + SIGINT, as shells report it).</summary>
        public const int ExitCode = 130;

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly PosixSignalRegistration _interrupt;
        private readonly PosixSignalRegistration _terminate;

        public StopSignal()
        {
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        public CancellationToken Token => _stop.Token;

        private void OnSignal(PosixSignalContext context)
        {
            if (_stop.IsCancellationRequested) return; // the second one: default handling, the process ends
            context.Cancel = true;
            _stop.Cancel();
        }

        public void Dispose()
        {
            _interrupt.Dispose();
            _terminate.Dispose();
            _stop.Dispose();
        }
    }
}
