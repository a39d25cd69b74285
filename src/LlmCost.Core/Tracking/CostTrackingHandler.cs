using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using LlmCost.Core.Budgets;
using LlmCost.Core.Ingestion;

namespace LlmCost.Core.Tracking
{
    /// <summary>
    /// Add to the HttpClient used for OpenAI, Anthropic, Gemini or Groq: hard budgets are checked before a request is
    /// sent, and the usage of every successful response (plain or streamed) is recorded in the background. Tracking
    /// never fails or delays the caller's request; a refused budget is the one exception the caller sees.
    /// </summary>
    public sealed class CostTrackingHandler : DelegatingHandler
    {
        /// <summary>Request header naming the session; removed before the request is sent.</summary>
        public const string SessionHeader = "X-LlmCost-Session";
        private static readonly Regex GeminiModel = new Regex(@"/models/([^/:]+)", RegexOptions.CultureInvariant);
        private readonly CostTracker _tracker;
        private readonly string? _provider;

        /// <summary>A handler to put in an HttpClient pipeline (set its InnerHandler, or use it from IHttpClientFactory).</summary>
        /// <param name="tracker">Where usage is recorded and budgets checked.</param>
        /// <param name="provider">The provider id (openai, anthropic, google, groq); null to tell it from the request's host.</param>
        public CostTrackingHandler(CostTracker tracker, string? provider = null)
        {
            _tracker = tracker;
            _provider = provider;
        }

        /// <summary>A handler that sends through <paramref name="inner"/>.</summary>
        /// <param name="tracker">Where usage is recorded and budgets checked.</param>
        /// <param name="inner">The handler that sends the request, e.g. an HttpClientHandler.</param>
        /// <param name="provider">The provider id; null to tell it from the request's host.</param>
        public CostTrackingHandler(CostTracker tracker, HttpMessageHandler inner, string? provider = null) : base(inner)
        {
            _tracker = tracker;
            _provider = provider;
        }

        /// <summary>The provider id for an API host name (api.openai.com → openai), or null for a host we do not know.</summary>
        /// <param name="host">The request URI's host.</param>
        public static string? ProviderFromHost(string host)
        {
            host = host.ToLowerInvariant();
            if (host.EndsWith("openai.com", StringComparison.Ordinal)) return "openai";
            if (host.EndsWith("anthropic.com", StringComparison.Ordinal)) return "anthropic";
            if (host.EndsWith("googleapis.com", StringComparison.Ordinal)) return "google";
            if (host.EndsWith("groq.com", StringComparison.Ordinal)) return "groq";
            return null;
        }

        /// <summary>Checks hard budgets, sends the request, and records the response's usage in the background; a stream is recorded when the caller has read it to the end.</summary>
        /// <param name="request">The request; its X-LlmCost-Session header, if any, names the session and is removed.</param>
        /// <param name="cancellationToken">Cancels the request.</param>
        /// <exception cref="Budgets.BudgetExceededException">A hard budget covering the request is spent.</exception>
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string? session = null;
            if (request.Headers.TryGetValues(SessionHeader, out var values))
            {
                session = values.FirstOrDefault();
                request.Headers.Remove(SessionHeader);
            }

            session ??= CostTracker.CurrentSession;
            string? provider = _provider ?? (request.RequestUri != null ? ProviderFromHost(request.RequestUri.Host) : null);
            string? model = await RequestModel(request).ConfigureAwait(false);
            _tracker.EnsureAllowed(new RequestScope { Provider = provider, Model = model, SessionId = session });

            var clock = Stopwatch.StartNew();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content == null) return response;
            try
            {
                string? mediaType = response.Content.Headers.ContentType?.MediaType;
                if (string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
                {
                    var inner = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    var tracking = new TeeStream(inner, text => RecordBody(text, provider, model, session, clock.Elapsed.TotalMilliseconds));
                    var content = new StreamContent(tracking);
                    foreach (var h in response.Content.Headers) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    response.Content = content;
                }
                else
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                    string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    RecordBody(body, provider, model, session, clock.Elapsed.TotalMilliseconds);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                _tracker.ReportFailure("could not read the response: " + ex.Message);
            }

            return response;
        }

        private void RecordBody(string body, string? provider, string? requestModel, string? session, double latencyMs)
        {
            try
            {
                var parsed = PayloadParser.Parse(body, provider);
                if (parsed == null)
                {
                    _tracker.ReportFailure($"no usage in the {provider ?? "provider"} response (streaming without usage? set stream_options.include_usage)");
                    return;
                }

                var record = parsed.ToRecord(DateTime.UtcNow, session, "handler");
                record.Provider ??= provider;
                if (string.IsNullOrEmpty(record.Model)) record.Model = requestModel ?? "";
                if (string.IsNullOrEmpty(record.Model))
                {
                    _tracker.ReportFailure("the response does not name its model");
                    return;
                }

                record.LatencyMs = latencyMs;
                _tracker.Record(record);
                foreach (var step in parsed.StepRecords(record)) _tracker.Record(step);
            }
            catch (Exception ex)
            {
                _tracker.ReportFailure("could not read usage: " + ex.Message);
            }
        }

        private static async Task<string?> RequestModel(HttpRequestMessage request)
        {
            try
            {
                if (request.RequestUri != null)
                {
                    var m = GeminiModel.Match(request.RequestUri.AbsolutePath);
                    if (m.Success) return m.Groups[1].Value;
                }

                if (request.Content == null || request.Content.Headers.ContentLength > 4 * 1024 * 1024) return null;
                await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                string json = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
                using var doc = JsonDocument.Parse(json);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                    ? model.GetString()
                    : null;
            }
            catch (Exception)
            {
                return null; // the model also comes with the response
            }
        }

        /// <summary>Passes a response stream through unchanged and hands its text (head and tail, bounded) over when it ends.</summary>
        private sealed class TeeStream : Stream
        {
            private const int HeadLimit = 256 * 1024;
            private const int TailLimit = 256 * 1024;
            private readonly Stream _inner;
            private readonly Action<string> _onEnd;
            private readonly MemoryStream _head = new MemoryStream();
            private readonly byte[] _tail = new byte[TailLimit];
            private long _tailWritten;
            private int _ended;

            public TeeStream(Stream inner, Action<string> onEnd)
            {
                _inner = inner;
                _onEnd = onEnd;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _inner.Read(buffer, offset, count);
                Observe(buffer, offset, n);
                return n;
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                int n = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                Observe(buffer, offset, n);
                return n;
            }

            private void Observe(byte[] buffer, int offset, int n)
            {
                if (n == 0)
                {
                    End();
                    return;
                }

                int toHead = (int)Math.Min(n, HeadLimit - _head.Length);
                if (toHead > 0) _head.Write(buffer, offset, toHead);
                for (int i = toHead; i < n; i++)
                {
                    _tail[_tailWritten % TailLimit] = buffer[offset + i];
                    _tailWritten++;
                }
            }

            private void End()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 1) return;
                var sb = new StringBuilder(Encoding.UTF8.GetString(_head.ToArray()));
                if (_tailWritten > 0)
                {
                    int len = (int)Math.Min(_tailWritten, TailLimit);
                    var tail = new byte[len];
                    long start = _tailWritten - len;
                    for (int i = 0; i < len; i++) tail[i] = _tail[(start + i) % TailLimit];
                    string tailText = Encoding.UTF8.GetString(tail);
                    if (_tailWritten > TailLimit)
                    {
                        // Bytes were dropped in the middle: restart at a line boundary on both sides.
                        int cut = sb.ToString().LastIndexOf('\n');
                        if (cut >= 0) sb.Length = cut + 1;
                        int nl = tailText.IndexOf('\n');
                        tailText = nl >= 0 ? tailText.Substring(nl + 1) : "";
                    }

                    sb.Append(tailText);
                }

                _onEnd(sb.ToString());
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
