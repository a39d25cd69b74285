using System.Collections.Generic;

namespace LlmCost.Core.Notifications
{
    /// <summary>What an alert says, in a form every channel can render.</summary>
    public sealed class AlertMessage
    {
        public string Kind { get; set; } = "budget";
        public string Subject { get; set; } = "";
        public string Text { get; set; } = "";
        /// <summary>Structured fields for the generic JSON webhook body.</summary>
        public IDictionary<string, object?> Fields { get; set; } = new Dictionary<string, object?>();
    }
}
