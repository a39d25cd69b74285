using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Notifications
{
    /// <summary>Webhooks over HTTP(S) and e-mail over SMTP (with STARTTLS and AUTH).</summary>
    public sealed class Notifier : INotifier, IDisposable
    {
        private readonly HttpClient _http;
        private readonly NotificationSettings _settings;

        public Notifier(NotificationSettings settings, HttpMessageHandler? handler = null)
        {
            _settings = settings;
            _http = handler == null ? new HttpClient() : new HttpClient(handler);
            _http.Timeout = settings.Timeout;
        }

        /// <summary>A field of an alert: the few kinds of value alerts carry, written as the serializer would write them.</summary>
        private static void WriteFieldValue(Utf8JsonWriter w, object? value)
        {
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case string s: w.WriteStringValue(s); break;
                case decimal m: w.WriteNumberValue(m); break;
                case int i: w.WriteNumberValue(i); break;
                case long l: w.WriteNumberValue(l); break;
                case double d: w.WriteNumberValue(d); break;
                case bool b: w.WriteBooleanValue(b); break;
                case DateTime t: w.WriteStringValue(t); break;
                default: w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }

        public void Send(NotificationTarget target, AlertMessage message)
        {
            if (target.Kind == TargetKind.Email) SendEmail(target.Value, message);
            else SendWebhook(target, message);
        }

        public static string WebhookBody(TargetKind kind, AlertMessage message)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                switch (kind)
                {
                    case TargetKind.Slack:
                        w.WriteString("text", "*" + message.Subject + "*\n" + message.Text);
                        break;
                    case TargetKind.Teams:
                        w.WriteString("@type", "MessageCard");
                        w.WriteString("@context", "https://schema.org/extensions");
                        w.WriteString("summary", message.Subject);
                        w.WriteString("title", message.Subject);
                        w.WriteString("text", message.Text);
                        break;
                    default:
                        w.WriteString("source", "LlmCost");
                        w.WriteString("kind", message.Kind);
                        w.WriteString("subject", message.Subject);
                        w.WriteString("text", message.Text);
                        foreach (var kv in message.Fields)
                        {
                            w.WritePropertyName(kv.Key);
                            WriteFieldValue(w, kv.Value);
                        }

                        break;
                }

                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(ms.ToArray());
        }

        private void SendWebhook(NotificationTarget target, AlertMessage message)
        {
            var url = target.ResolveUrl();
            using var content = new StringContent(WebhookBody(target.Kind, message), Encoding.UTF8, "application/json");
            HttpResponseMessage response;
            try
            {
                response = _http.PostAsync(url, content).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is System.Threading.Tasks.TaskCanceledException)
            {
                throw new LlmCostException("NotificationFailed", $"Webhook {target.Display}: {ex.Message}", ex);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new LlmCostException("NotificationFailed", $"Webhook {target.Display} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }
            }
        }

        private void SendEmail(string to, AlertMessage message)
        {
            if (_settings.SmtpHost == null)
            {
                throw new LlmCostException("NotificationConfigMissing", "E-mail alerts need LLMCOST_SMTP_HOST (and LLMCOST_SMTP_FROM); see docs/configuration.md.");
            }

            string from = _settings.SmtpFrom ?? throw new LlmCostException("NotificationConfigMissing", "E-mail alerts need LLMCOST_SMTP_FROM.");
            try
            {
                new SmtpSession(_settings).Send(from, to, message.Subject, message.Text);
            }
            catch (Exception ex) when (!(ex is LlmCostException))
            {
                // Refused, unknown host, TLS failure, timeout (a connect task's AggregateException too): one delivery failure.
                var cause = ExceptionCause.Of(ex);
                throw new LlmCostException("NotificationFailed", $"E-mail to {to} via {_settings.SmtpHost}:{_settings.SmtpPort}: {cause.Message}", cause);
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
