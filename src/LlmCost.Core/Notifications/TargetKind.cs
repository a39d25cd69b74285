namespace LlmCost.Core.Notifications
{
    public enum TargetKind
    {
        /// <summary>Generic JSON body.</summary>
        Webhook,
        /// <summary>Slack incoming-webhook body (<c>text</c>).</summary>
        Slack,
        /// <summary>Microsoft Teams incoming-webhook body (MessageCard with <c>text</c>).</summary>
        Teams,
        Email,
    }
}
