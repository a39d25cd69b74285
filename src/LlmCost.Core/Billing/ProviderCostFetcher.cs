using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;

namespace LlmCost.Core.Billing
{
    /// <summary>
    /// Fetches a provider's cost and usage reports from its admin API, page by page (next_page), waiting out 429s as
    /// Retry-After says and retrying 5xx a few times. The admin key comes from the environment and is only ever sent
    /// in a request header: never stored, never printed.
    /// </summary>
    public sealed class ProviderCostFetcher
    {
        /// <summary>The providers with an admin API we read.</summary>
        public static readonly IReadOnlyList<string> Providers = new[] { "openai", "anthropic" };

        private const int BucketsPerPage = 31;
        private const int MaxAttempts = 6;
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);
        private readonly HttpClient _http;

        public ProviderCostFetcher(HttpMessageHandler? handler = null)
        {
            _http = handler == null ? new HttpClient() : new HttpClient(handler);
            _http.Timeout = TimeSpan.FromSeconds(100);
        }

        /// <summary>The environment variable holding a provider's admin key.</summary>
        public static string KeyVariable(string provider) => Normalize(provider) == "openai" ? "OPENAI_ADMIN_KEY" : "ANTHROPIC_ADMIN_API_KEY";

        public static Uri DefaultBase(string provider) => new Uri(Normalize(provider) == "openai" ? "https://api.openai.com/" : "https://api.anthropic.com/");

        /// <summary>The admin key from the environment; throws ProviderKeyMissing naming the variable.</summary>
        public static string KeyFromEnvironment(string provider)
        {
            string variable = KeyVariable(provider);
            string? key = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new LlmCostException("ProviderKeyMissing", $"Fetching {Normalize(provider)}'s reports needs an admin API key in ${variable} (it is read from the environment only, never stored).");
            }

            return key!.Trim();
        }

        /// <summary>The cost report and the usage report of [since, until), whole UTC days.</summary>
        public IReadOnlyList<ProviderCostReport> Fetch(string provider, DateTime since, DateTime until, string apiKey, Uri? baseUri = null, Action<string>? progress = null, CancellationToken cancel = default)
        {
            string p = Normalize(provider);
            var root = baseUri ?? DefaultBase(p);
            var reports = new List<ProviderCostReport>();
            foreach (var kind in new[] { ProviderCostKind.Cost, ProviderCostKind.Usage })
            {
                string path = PathOf(p, kind, since, until);
                var pages = new List<ProviderCostReport>();
                string? page = null;
                do
                {
                    var uri = new Uri(root, path + (page == null ? "" : "&page=" + Uri.EscapeDataString(page)));
                    progress?.Invoke($"GET {uri.AbsolutePath} ({kind.ToString().ToLowerInvariant()}, page {pages.Count + 1})");
                    byte[] body = Get(uri, p, apiKey, cancel);
                    string source = $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath} page {pages.Count + 1}";
                    pages.Add(ProviderReportReader.Read(body, source, kind, p));
                    page = NextPage(body);
                }
                while (page != null);
                reports.Add(ProviderCostReport.Merge(pages));
            }

            return reports;
        }

        private static string PathOf(string provider, ProviderCostKind kind, DateTime since, DateTime until)
        {
            if (provider == "openai")
            {
                string range = $"start_time={ToUnix(since)}&end_time={ToUnix(until)}&bucket_width=1d&limit={BucketsPerPage}";
                return kind == ProviderCostKind.Cost ? "v1/organization/costs?" + range + "&group_by=line_item" : "v1/organization/usage/completions?" + range + "&group_by=model";
            }

            string window = $"starting_at={Uri.EscapeDataString(Rfc3339(since))}&ending_at={Uri.EscapeDataString(Rfc3339(until))}&limit={BucketsPerPage}";
            return kind == ProviderCostKind.Cost
                ? "v1/organizations/cost_report?" + window + "&group_by[]=description"
                : "v1/organizations/usage_report/messages?" + window + "&bucket_width=1d&group_by[]=model";
        }

        private byte[] Get(Uri uri, string provider, string apiKey, CancellationToken cancel)
        {
            for (int attempt = 1; ; attempt++)
            {
                cancel.ThrowIfCancellationRequested();
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (provider == "openai")
                {
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
                }
                else
                {
                    request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
                    request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
                }

                HttpResponseMessage response;
                try
                {
                    response = _http.SendAsync(request, cancel).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancel.IsCancellationRequested))
                {
                    if (attempt < 3)
                    {
                        Wait(TimeSpan.FromSeconds(attempt), cancel);
                        continue;
                    }

                    throw new LlmCostException("ProviderApiFailed", $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}: {(ex is OperationCanceledException ? "no answer in time" : ex.Message)}.", ex);
                }

                using (response)
                {
                    byte[] body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                    if (response.IsSuccessStatusCode) return body;
                    int status = (int)response.StatusCode;
                    bool retry = status == 429 || status >= 500;
                    if (retry && attempt < MaxAttempts)
                    {
                        Wait(RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Min(30, 1 << (attempt - 1))), cancel);
                        continue;
                    }

                    throw new LlmCostException("ProviderApiFailed",
                        $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath} answered {status} {response.ReasonPhrase}{ErrorMessage(body)}" +
                        (status == 401 || status == 403 ? $" (check the admin key in ${KeyVariable(provider)})" : "") + ".");
                }
            }
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            TimeSpan wait = header.Delta ?? (header.Date.HasValue ? header.Date.Value - DateTimeOffset.UtcNow : TimeSpan.Zero);
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            return wait > LongestWait ? LongestWait : wait;
        }

        private static void Wait(TimeSpan wait, CancellationToken cancel)
        {
            if (cancel.WaitHandle.WaitOne(wait)) cancel.ThrowIfCancellationRequested();
        }

        /// <summary>The error's own message from a JSON error body ({"error": {"message": ...}}), if any.</summary>
        private static string ErrorMessage(byte[] body)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object &&
                    e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    return ": " + m.GetString();
                }
            }
            catch (JsonException)
            {
            }

            return "";
        }

        private static string? NextPage(byte[] body)
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            bool more = root.TryGetProperty("has_more", out var h) && h.ValueKind == JsonValueKind.True;
            if (!more) return null;
            if (root.TryGetProperty("next_page", out var n) && n.ValueKind == JsonValueKind.String && n.GetString()!.Length > 0) return n.GetString();
            throw new LlmCostException("InvalidProviderReport", "The report says it has more pages (has_more) but gives no next_page.");
        }

        private static string Normalize(string provider)
        {
            string p = provider.Trim().ToLowerInvariant();
            if (!Providers.Contains(p))
            {
                throw new LlmCostException("InvalidProvider", $"Reports can be fetched from {string.Join(" and ", Providers)}, not '{provider}'; import another provider's report from a file.");
            }

            return p;
        }

        private static long ToUnix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

        private static string Rfc3339(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
