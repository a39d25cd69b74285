using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmCost.Core.Budgets;
using LlmCost.Core.Queries;
using LlmCost.Core.Tests.Budgets;
using LlmCost.Core.Tests.Ingestion;
using LlmCost.Core.Tracking;

namespace LlmCost.Core.Tests.Tracking
{
    /// <summary>A provider stand-in on 127.0.0.1: serves a fixed body per path, records what it received.</summary>
    public sealed class FakeProvider : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly Thread _thread;

        public FakeProvider()
        {
            (_listener, Port) = Loopback.StartListener();
            _thread = new Thread(Loop) { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }
        public string Base => $"http://127.0.0.1:{Port}";
        public ConcurrentDictionary<string, (int Status, string ContentType, string Body)> Routes { get; } = new ConcurrentDictionary<string, (int, string, string)>();
        public ConcurrentQueue<(string Path, string? SessionHeader)> Received { get; } = new ConcurrentQueue<(string, string?)>();

        private void Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = _listener.GetContext();
                }
                catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                using (var r = new StreamReader(ctx.Request.InputStream)) r.ReadToEnd();
                Received.Enqueue((ctx.Request.Url!.AbsolutePath, ctx.Request.Headers[CostTrackingHandler.SessionHeader]));
                var (status, type, body) = Routes.TryGetValue(ctx.Request.Url!.AbsolutePath, out var route) ? route : (404, "text/plain", "not found");
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = type;
                byte[] bytes = Encoding.UTF8.GetBytes(body);
                if (type == "text/event-stream")
                {
                    // Stream it in small writes, as a provider does.
                    ctx.Response.SendChunked = true;
                    for (int i = 0; i < bytes.Length; i += 64) ctx.Response.OutputStream.Write(bytes, i, Math.Min(64, bytes.Length - i));
                }
                else
                {
                    ctx.Response.ContentLength64 = bytes.Length;
                    ctx.Response.OutputStream.Write(bytes, 0, bytes.Length);
                }

                ctx.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }

    public sealed class HandlerTests : IDisposable
    {
        private readonly TempDir _dir = new TempDir();
        private readonly FakeProvider _server = new FakeProvider();
        private readonly List<string> _log = new List<string>();

        public void Dispose()
        {
            _server.Dispose();
            _dir.Dispose();
        }

        private CostTracker Tracker(string? export = null) =>
            new CostTracker(new CostTrackerOptions
            {
                DatabasePath = _dir.File("tracker.db"),
                Log = m => { lock (_log) _log.Add(m); },
                ExportOnDisposePath = export,
                BudgetCheckInterval = TimeSpan.Zero,
            });

        private static HttpRequestMessage Post(string url, string model, string? session = null)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{\"model\":\"" + model + "\",\"messages\":[]}", Encoding.UTF8, "application/json") };
            if (session != null) req.Headers.Add(CostTrackingHandler.SessionHeader, session);
            return req;
        }

        private void Serve(string path, string fixture, string type = "application/json", int status = 200) =>
            _server.Routes[path] = (status, type, PayloadParserTests.Fixture(fixture));

        [Fact]
        public async Task PlainResponses_OfEachProvider_AreRecordedAndReachTheCallerUnchanged()
        {
            Serve("/v1/chat/completions", "openai-chat.json");
            Serve("/v1/messages", "anthropic-message.json");
            Serve("/v1beta/models/gemini-2.5-pro:generateContent", "gemini-generate-content.json");
            Serve("/openai/v1/chat/completions", "groq-chat.json");
            using (var tracker = Tracker())
            using (var client = new HttpClient(new CostTrackingHandler(tracker, new HttpClientHandler())))
            {
                foreach (var (path, model) in new[] { ("/v1/chat/completions", "gpt-4o"), ("/v1/messages", "claude-sonnet-4-5"), ("/v1beta/models/gemini-2.5-pro:generateContent", "x"), ("/openai/v1/chat/completions", "llama-3.3-70b-versatile") })
                {
                    using var response = await client.SendAsync(Post(_server.Base + path, model, "plain"));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal(_server.Routes[path].Body, await response.Content.ReadAsStringAsync());
                }

                Assert.True(tracker.Flush());
                // 0.005615 (gpt-4o) + 0.108 (claude-sonnet-4-5) + 0.5725 (gemini-2.5-pro above 200k) + 0.000945 (groq llama) = 0.68706
                var totals = tracker.Store.GetTotals(new CostQuery { Sessions = new[] { "plain" } });
                Assert.Equal(4, totals.Requests);
                Assert.Equal(0.68706m, totals.Cost);
                Assert.Equal(0, tracker.Failed);
            }

            // The session header never reaches the provider.
            Assert.All(_server.Received, r => Assert.Null(r.SessionHeader));
        }

        [Fact]
        public async Task StreamedResponses_PassThroughByteForByte_AndTheFinalUsageIsRecorded()
        {
            Serve("/openai", "openai-stream.sse", "text/event-stream");
            Serve("/anthropic", "anthropic-stream.sse", "text/event-stream");
            Serve("/groq", "groq-stream.sse", "text/event-stream");
            using var tracker = Tracker();
            using var client = new HttpClient(new CostTrackingHandler(tracker, new HttpClientHandler()));
            using (CostTracker.BeginSession("streams"))
            {
                foreach (var path in new[] { "/openai", "/anthropic", "/groq" })
                {
                    using var response = await client.SendAsync(Post(_server.Base + path, "m"), HttpCompletionOption.ResponseHeadersRead);
                    using var stream = await response.Content.ReadAsStreamAsync();
                    using var reader = new StreamReader(stream);
                    Assert.Equal(_server.Routes[path].Body, await reader.ReadToEndAsync());
                }
            }

            Assert.True(tracker.Flush());
            // 0.005615 (OpenAI final usage chunk) + 0.108 (Anthropic message_start + last message_delta) + 0.000945 (x_groq.usage) = 0.11456
            var totals = tracker.Store.GetTotals(new CostQuery { Sessions = new[] { "streams" } });
            Assert.Equal(3, totals.Requests);
            Assert.Equal(0.11456m, totals.Cost);
        }

        [Fact]
        public async Task ServerError_ReachesTheCaller_AndNothingIsRecorded()
        {
            _server.Routes["/v1/chat/completions"] = (500, "application/json", "{\"error\":{\"message\":\"boom\"}}");
            using var tracker = Tracker();
            using var client = new HttpClient(new CostTrackingHandler(tracker, new HttpClientHandler()));
            using var response = await client.SendAsync(Post(_server.Base + "/v1/chat/completions", "gpt-4o"));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("boom", await response.Content.ReadAsStringAsync());
            tracker.Flush();
            Assert.Equal(0, tracker.Store.GetTotals(new CostQuery()).Requests);
            Assert.Equal(0, tracker.Failed);
        }

        [Fact]
        public async Task TrackingFailure_IsLoggedAndCounted_NeverThrownAtTheCaller()
        {
            const string broken = "{\"id\":\"x\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":-5,\"completion_tokens\":1}}";
            _server.Routes["/v1/chat/completions"] = (200, "application/json", broken);
            using var tracker = Tracker();
            using var client = new HttpClient(new CostTrackingHandler(tracker, new HttpClientHandler()));
            using var response = await client.SendAsync(Post(_server.Base + "/v1/chat/completions", "gpt-4o"));
            Assert.Equal(broken, await response.Content.ReadAsStringAsync());
            tracker.Flush();
            Assert.Equal(1, tracker.Failed);
            Assert.Contains(_log, l => l.Contains("usage.prompt_tokens"));
            Assert.Equal(0, tracker.Store.GetTotals(new CostQuery()).Requests);
        }

        [Fact]
        public async Task HardBudget_RefusesTheRequestBeforeItIsSent()
        {
            Serve("/v1/chat/completions", "openai-chat.json");
            using var tracker = Tracker();
            new BudgetService(tracker.Store).Set(new Budget { Name = "cap", Amount = 0.005m, Period = BudgetPeriod.Total, Provider = "openai", Enforcement = BudgetEnforcement.Hard });
            using var client = new HttpClient(new CostTrackingHandler(tracker, new HttpClientHandler(), provider: "openai"));
            // First call: $0.005615 spent of $0.005 afterwards.
            using (var first = await client.SendAsync(Post(_server.Base + "/v1/chat/completions", "gpt-4o"))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            tracker.Flush();
            int before = _server.Received.Count;
            var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.SendAsync(Post(_server.Base + "/v1/chat/completions", "gpt-4o")));
            Assert.Equal("cap", ex.BudgetName);
            Assert.Equal(before, _server.Received.Count); // nothing was sent
        }

        [Fact]
        public void DisposeFlushesEverything_AndExportsTheSessions()
        {
            string export = _dir.File("sessions.csv");
            using (var tracker = Tracker(export))
            {
                for (int i = 0; i < 2000; i++)
                {
                    // 1000 x 2.5 = $0.0025 each
                    tracker.Record(new Usage.UsageRecord("openai", "gpt-4o", new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i), new Usage.TokenUsage(1000, 0))
                    {
                        RequestId = "r" + i,
                        SessionId = "s" + (i % 2),
                    });
                }
            }

            using var store = Storage.CostStores.Open(_dir.File("tracker.db"));
            Assert.Equal(2000, store.GetTotals(new CostQuery()).Requests);
            Assert.Equal(5m, store.GetTotals(new CostQuery()).Cost);
            var lines = File.ReadAllLines(export);
            Assert.Equal("SessionId,Requests,UnpricedRequests,InputTokens,OutputTokens,Cost,Currency", lines[0]);
            Assert.Contains("s0,1000,0,1000000,0,2.5,USD", lines);
        }
    }
}
