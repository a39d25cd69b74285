using System;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using LlmCost.Core.Storage;

namespace LlmCost.Core.Reports
{
    /// <summary>
    /// Serves the dashboard live: "/" the page (rebuilt from the store on each load, reloading itself), "/api/dashboard"
    /// its data as JSON, "/metrics" Prometheus metrics. Loopback only unless a remote address is allowed explicitly:
    /// the page has no authentication. One request at a time; reads never wait for a running import.
    /// </summary>
    public sealed class DashboardServer : IDisposable
    {
        private readonly ICostStore _store;
        private readonly HttpListener _listener = new HttpListener();
        private readonly DashboardOptions _options;
        private readonly int _refreshSeconds;
        private Thread? _loop;

        public DashboardServer(ICostStore store, string address, int port, bool allowRemote, DashboardOptions? options = null, int refreshSeconds = 30)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            if (port < 1 || port > 65535) throw new LlmCostException("InvalidPort", $"The port must be 1-65535, got {port}.");
            bool loopback = address == "localhost" || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback && !allowRemote)
            {
                throw new LlmCostException("RemoteBindRefused",
                    $"'{address}' is not a loopback address: the dashboard has no authentication, so serving it to the network needs -AllowRemote / --allow-remote.");
            }

            if (!loopback && !IPAddress.TryParse(address, out _) && address != "+" && address != "*")
            {
                throw new LlmCostException("InvalidListenAddress", $"'{address}' is not an IP address (or + for every address).");
            }

            _options = options ?? new DashboardOptions();
            _refreshSeconds = refreshSeconds;
            string host = address == "0.0.0.0" || address == "::" ? "+" : address.Contains(":") ? "[" + address + "]" : address;
            Url = $"http://{(host == "+" || host == "*" ? "localhost" : host)}:{port}/";
            _listener.Prefixes.Add($"http://{host}:{port}/");
        }

        /// <summary>Where the page is, for people (the loopback name when every address is served).</summary>
        public string Url { get; }

        /// <summary>Starts listening; throws PortInUse when the port is taken.</summary>
        public void Start()
        {
            try
            {
                _listener.Start();
            }
            catch (HttpListenerException ex)
            {
                throw new LlmCostException("PortInUse", $"Cannot listen on {Url}: {ex.Message}. Choose another port with -Port / --port.");
            }

            _loop = new Thread(Serve) { IsBackground = true, Name = "LlmCost dashboard" };
            _loop.Start();
        }

        /// <summary>Serves until <paramref name="stop"/> is cancelled, then stops.</summary>
        public void Run(CancellationToken stop)
        {
            Start();
            stop.WaitHandle.WaitOne();
            Dispose();
        }

        private void Serve()
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
                    return; // stopped
                }

                try
                {
                    Handle(ctx);
                }
                catch (Exception ex)
                {
                    // Any failure ends this request with a 500, never the server (this thread's top: an exception escaping
                    // it would end the whole process, the PowerShell session with it).
                    try
                    {
                        Reply(ctx, 500, "text/plain; charset=utf-8", "LlmCost could not answer: " + ex.Message);
                    }
                    catch (Exception inner) when (inner is IOException || inner is HttpListenerException || inner is InvalidOperationException)
                    {
                        // The client went away.
                    }
                }
            }
        }

        private void Handle(HttpListenerContext ctx)
        {
            string path = ctx.Request.Url?.AbsolutePath ?? "/";
            if (ctx.Request.HttpMethod != "GET" && ctx.Request.HttpMethod != "HEAD")
            {
                Reply(ctx, 405, "text/plain; charset=utf-8", "Only GET.");
                return;
            }

            var now = DateTime.UtcNow;
            switch (path)
            {
                case "/":
                case "/index.html":
                {
                    var d = new DashboardBuilder(_store).Build(Fresh(now));
                    var w = new StringWriter();
                    HtmlDashboardWriter.Write(w, d, _refreshSeconds);
                    Reply(ctx, 200, "text/html; charset=utf-8", w.ToString());
                    break;
                }

                case "/api/dashboard":
                {
                    var d = new DashboardBuilder(_store).Build(Fresh(now));
                    Reply(ctx, 200, "application/json; charset=utf-8", JsonSerializer.Serialize(d, Json.DashboardJsonContext.Default.Dashboard));
                    break;
                }

                case "/metrics":
                {
                    var w = new StringWriter();
                    PrometheusMetrics.Write(w, _store, now);
                    Reply(ctx, 200, PrometheusMetrics.ContentType, w.ToString());
                    break;
                }

                default:
                    Reply(ctx, 404, "text/plain; charset=utf-8", "Not found: / (dashboard), /api/dashboard (JSON), /metrics (Prometheus).");
                    break;
            }
        }

        /// <summary>The configured range and zone, seen from now (a live page moves with time).</summary>
        private DashboardOptions Fresh(DateTime now) => new DashboardOptions
        {
            Since = _options.Since, Until = _options.Until, TimeZone = _options.TimeZone, TopSessions = _options.TopSessions, NowUtc = now,
        };

        private static void Reply(HttpListenerContext ctx, int status, string contentType, string body)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            ctx.Response.Headers["Cache-Control"] = "no-store";
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.ContentLength64 = bytes.Length;
            if (ctx.Request.HttpMethod != "HEAD") ctx.Response.OutputStream.Write(bytes, 0, bytes.Length);
            ctx.Response.Close();
        }

        public void Dispose()
        {
            if (_listener.IsListening) _listener.Stop();
            _listener.Close();
            _loop?.Join(TimeSpan.FromSeconds(5));
        }
    }
}
