using System;
using System.Collections.Generic;
using LlmCost.Core.Notifications;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Budgets
{
    /// <summary>
    /// Sends queued notifications: each delivery is claimed atomically first (two checks never send one twice), a
    /// failure is recorded on the delivery and retried next time, and a claim left by a killed sender is taken over
    /// after <see cref="StaleClaim"/>.
    /// </summary>
    public sealed class AlertDispatcher
    {
        public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);
        private readonly IBudgetRepository _repository;
        private readonly INotifier? _notifier;
        private readonly Func<DateTime> _clock;
        private readonly string _instance = Guid.NewGuid().ToString("N");

        public AlertDispatcher(IBudgetRepository repository, INotifier? notifier, Func<DateTime>? clock = null)
        {
            _repository = repository ?? throw new ArgumentNullException(nameof(repository));
            _notifier = notifier;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public (int Delivered, int Failed, IReadOnlyList<string> Errors) DeliverPending()
        {
            var errors = new List<string>();
            int delivered = 0, failed = 0;
            DateTime staleBefore = _clock() - StaleClaim;
            foreach (long id in _repository.GetDueDeliveries(staleBefore))
            {
                var claimed = _repository.ClaimDelivery(id, _instance, _clock(), staleBefore);
                if (claimed == null) continue; // another check took it
                try
                {
                    if (_notifier == null) throw new LlmCostException("NotificationConfigMissing", "No notifier is configured.");
                    var message = claimed.Alert != null
                        ? AlertMessages.ForBudgetAlert(claimed.Alert, claimed.BudgetPeriod ?? "")
                        : AlertMessages.ForAnomaly(claimed.Anomaly!);
                    _notifier.Send(NotificationTarget.Parse(claimed.Target), message);
                    _repository.FinishDelivery(id, _instance, _clock(), null);
                    delivered++;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    // Whatever a target does, the failure is recorded on this delivery (retried by the next check) and the
                    // other deliveries and the check go on.
                    var cause = ExceptionCause.Of(ex);
                    _repository.FinishDelivery(id, _instance, _clock(), cause.Message);
                    failed++;
                    errors.Add(cause.Message);
                }
            }

            return (delivered, failed, errors);
        }
    }
}
