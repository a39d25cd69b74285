using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;

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
