namespace LlmCost.Core.Notifications
{
    public interface INotifier
    {
        /// <summary>Sends one message; throws when delivery fails (the caller records and retries).</summary>
        void Send(NotificationTarget target, AlertMessage message);
    }
}
