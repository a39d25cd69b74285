using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace LlmCost.Core.Notifications
{
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
