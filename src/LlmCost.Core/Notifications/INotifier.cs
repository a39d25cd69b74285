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
    public interface INotifier
    {
        /// <summary>Sends one message; throws when delivery fails (the caller records and retries).</summary>
        void Send(NotificationTarget target, AlertMessage message);
    }
}
