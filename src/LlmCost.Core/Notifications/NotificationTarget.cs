using System;
using System.Linq;

namespace LlmCost.Core.Notifications
{
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
}
