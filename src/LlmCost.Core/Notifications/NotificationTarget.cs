using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

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

    /// <summary>
    /// A notification target as stored with a budget: <c>kind:value</c>. URLs may be <c>env:VAR</c> so that a secret
    /// webhook URL lives in the environment, not in the database.
    /// </summary>
    public sealed class NotificationTarget
    {
        private NotificationTarget(TargetKind kind, string value, string text)
        {
            Kind = kind;
            Value = value;
            Text = text;
        }

        public TargetKind Kind { get; }
        /// <summary>URL, <c>env:VAR</c>, or e-mail address.</summary>
        public string Value { get; }
        /// <summary>The stored form, <c>kind:value</c>.</summary>
        public string Text { get; }

        public static NotificationTarget Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new LlmCostException("InvalidNotificationTarget", "A notification target must not be empty.");
            string t = text.Trim();
            int colon = t.IndexOf(':');
            string kindText = colon > 0 ? t.Substring(0, colon).ToLowerInvariant() : "";
            string value = colon > 0 ? t.Substring(colon + 1) : t;
            TargetKind kind;
            switch (kindText)
            {
                case "webhook": kind = TargetKind.Webhook; break;
                case "slack": kind = TargetKind.Slack; break;
                case "teams": kind = TargetKind.Teams; break;
                case "email": kind = TargetKind.Email; break;
                case "http":
                case "https":
                    kind = TargetKind.Webhook;
                    value = t;
                    break;
                default:
                    throw new LlmCostException("InvalidNotificationTarget",
                        $"Notification target '{Mask(t)}' is not understood: use webhook:URL, slack:URL, teams:URL or email:ADDRESS (a URL may be env:VARIABLE).");
            }

            if (kind == TargetKind.Email)
            {
                if (value.IndexOf('@') <= 0 || value.IndexOf('@') == value.Length - 1 || value.Any(char.IsWhiteSpace))
                {
                    throw new LlmCostException("InvalidNotificationTarget", $"Notification target '{t}': '{value}' is not an e-mail address.");
                }
            }
            else if (!value.StartsWith("env:", StringComparison.Ordinal) &&
                     (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                throw new LlmCostException("InvalidNotificationTarget", $"Notification target '{Mask(t)}': the URL must be http(s)://... or env:VARIABLE.");
            }

            string canonical = kind.ToString().ToLowerInvariant() + ":" + value;
            return new NotificationTarget(kind, value, canonical);
        }

        /// <summary>The URL to call, reading <c>env:VAR</c> at send time.</summary>
        public Uri ResolveUrl()
        {
            string url = Value;
            if (url.StartsWith("env:", StringComparison.Ordinal))
            {
                string name = url.Substring(4);
                url = Environment.GetEnvironmentVariable(name) ?? throw new LlmCostException("NotificationConfigMissing", $"Environment variable {name} (webhook URL) is not set.");
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new LlmCostException("InvalidNotificationTarget", $"Webhook URL of '{Display}' is not an http(s) URL.");
            }

            return uri;
        }

        /// <summary>A form safe to print: webhook paths (which often hold tokens) are hidden.</summary>
        public string Display => Mask(Text);

        internal static string Mask(string text)
        {
            int scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return text;
            int pathStart = text.IndexOf('/', scheme + 3);
            return pathStart < 0 ? text : text.Substring(0, pathStart) + "/***";
        }

        public override string ToString() => Display;
    }

    /// <summary>Notification and threshold defaults from LLMCOST_* environment variables (see docs/configuration.md).</summary>
    public sealed class NotificationSettings
    {
        public IReadOnlyList<string> DefaultTargets { get; set; } = Array.Empty<string>();
        public IReadOnlyList<int>? DefaultThresholds { get; set; }
        public string? SmtpHost { get; set; }
        public int SmtpPort { get; set; } = 587;
        public string? SmtpFrom { get; set; }
        public string? SmtpUser { get; set; }
        /// <summary>Never stored, never printed.</summary>
        public string? SmtpPassword { get; set; }
        public bool SmtpStartTls { get; set; } = true;
        /// <summary>A PEM/DER certificate file to trust for the SMTP server in addition to the system store (self-signed relays).</summary>
        public string? SmtpTrustCertificateFile { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        public static NotificationSettings FromEnvironment(Func<string, string?>? getEnv = null)
        {
            getEnv ??= Environment.GetEnvironmentVariable;
            var s = new NotificationSettings();
            string? notify = getEnv("LLMCOST_NOTIFY");
            if (!string.IsNullOrWhiteSpace(notify))
            {
                s.DefaultTargets = notify!.Split(new[] { ';', ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(x => NotificationTarget.Parse(x).Text).ToList();
            }

            string? thresholds = getEnv("LLMCOST_THRESHOLDS");
            if (!string.IsNullOrWhiteSpace(thresholds))
            {
                s.DefaultThresholds = thresholds!.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(x =>
                    int.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0
                        ? v
                        : throw new LlmCostException("InvalidConfiguration", $"LLMCOST_THRESHOLDS: '{x}' is not a whole percent.")).ToList();
            }

            s.SmtpHost = Empty(getEnv("LLMCOST_SMTP_HOST"));
            string? port = Empty(getEnv("LLMCOST_SMTP_PORT"));
            if (port != null)
            {
                s.SmtpPort = int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) && p > 0 && p < 65536
                    ? p
                    : throw new LlmCostException("InvalidConfiguration", $"LLMCOST_SMTP_PORT: '{port}' is not a port number.");
            }

            s.SmtpFrom = Empty(getEnv("LLMCOST_SMTP_FROM"));
            s.SmtpUser = Empty(getEnv("LLMCOST_SMTP_USER"));
            s.SmtpPassword = Empty(getEnv("LLMCOST_SMTP_PASSWORD"));
            string? passwordFile = Empty(getEnv("LLMCOST_SMTP_PASSWORD_FILE"));
            if (s.SmtpPassword == null && passwordFile != null)
            {
                if (!File.Exists(passwordFile)) throw new LlmCostException("InvalidConfiguration", $"LLMCOST_SMTP_PASSWORD_FILE: '{passwordFile}' does not exist.");
                s.SmtpPassword = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
            }

            string? tls = Empty(getEnv("LLMCOST_SMTP_STARTTLS"));
            if (tls != null)
            {
                s.SmtpStartTls = tls.Equals("true", StringComparison.OrdinalIgnoreCase) || tls == "1" || tls.Equals("yes", StringComparison.OrdinalIgnoreCase);
            }

            s.SmtpTrustCertificateFile = Empty(getEnv("LLMCOST_SMTP_TRUST_CERT"));
            return s;
        }

        private static string? Empty(string? v) => string.IsNullOrWhiteSpace(v) ? null : v!.Trim();
    }
}
