using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace LlmCost.Core.Tests.Budgets
{
    /// <summary>A real HTTP listener on 127.0.0.1 that records webhook bodies; it can be told to fail.</summary>
    public sealed class WebhookServer : IDisposable
    {
        private readonly ScriptedServer _server;

        public WebhookServer()
        {
            _server = new ScriptedServer(Answer);
        }

        public int Port => _server.Port;
        public string Url => $"http://127.0.0.1:{Port}/hooks/T000/secret-token";
        public ConcurrentQueue<string> Bodies { get; } = new ConcurrentQueue<string>();
        public int FailuresToServe { get; set; }
        public TimeSpan Delay { get; set; }
        public int Attempts;

        private (int Status, string Body, string? RetryAfter) Answer(HttpListenerRequest request)
        {
            Interlocked.Increment(ref Attempts);
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            string body = reader.ReadToEnd();
            if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
            if (FailuresToServe > 0)
            {
                FailuresToServe--;
                return (503, "", null);
            }

            Bodies.Enqueue(body);
            return (200, "", null);
        }

        public void Dispose() => _server.Dispose();
    }

    /// <summary>
    /// An HTTP server on 127.0.0.1 that answers every request with what <see cref="Answer"/> returns for it (status, body,
    /// Retry-After): the providers' admin APIs as their documentation shows them.
    /// </summary>
    public sealed class ScriptedServer : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly Thread _thread;

        public ScriptedServer(Func<HttpListenerRequest, (int Status, string Body, string? RetryAfter)> answer)
        {
            Answer = answer;
            (_listener, Port) = Loopback.StartListener();
            _thread = new Thread(Loop) { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }
        public Uri BaseUri => new Uri($"http://127.0.0.1:{Port}/");
        public Func<HttpListenerRequest, (int Status, string Body, string? RetryAfter)> Answer { get; set; }

        /// <summary>The path and query of every request, in order.</summary>
        public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();

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

                Requests.Enqueue(ctx.Request.Url!.PathAndQuery);
                var (status, body, retryAfter) = Answer(ctx.Request);
                ctx.Response.StatusCode = status;
                if (retryAfter != null) ctx.Response.AddHeader("Retry-After", retryAfter);
                ctx.Response.ContentType = "application/json";
                byte[] bytes = Encoding.UTF8.GetBytes(body);
                ctx.Response.OutputStream.Write(bytes, 0, bytes.Length);
                ctx.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }

    /// <summary>Ports and HTTP listeners on 127.0.0.1 for test servers.</summary>
    public static class Loopback
    {
        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        /// <summary>
        /// Starts a listener on a free port, trying another if a parallel test took the port first.
        /// Close it with Close() alone: on Unix, Stop() then Close() releases the port and binds it again.
        /// </summary>
        public static (HttpListener Listener, int Port) StartListener()
        {
            for (int attempt = 1; ; attempt++)
            {
                int port = FreePort();
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                try
                {
                    listener.Start();
                    return (listener, port);
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    listener.Close();
                }
            }
        }
    }

    /// <summary>
    /// A real SMTP server: Debian's aiosmtpd (package python3-aiosmtpd, installed by .ci/install) with a maildir
    /// handler and, optionally, STARTTLS with a self-signed certificate made by openssl.
    /// </summary>
    public sealed class SmtpServer : IDisposable
    {
        public const string Python = "/usr/bin/python3";
        private readonly Process _process;

        public SmtpServer(string dir, bool startTls)
        {
            Port = Loopback.FreePort();
            MailDir = Path.Combine(dir, "maildir");
            string args = $"-m aiosmtpd -n -l 127.0.0.1:{Port} -c aiosmtpd.handlers.Mailbox";
            if (startTls)
            {
                CertFile = Path.Combine(dir, "smtp-cert.pem");
                string key = Path.Combine(dir, "smtp-key.pem");
                Run("openssl", $"req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout \"{key}\" -out \"{CertFile}\"");
                args += $" --tlscert \"{CertFile}\" --tlskey \"{key}\"";
            }

            _process = Process.Start(new ProcessStartInfo(Python, args + $" \"{MailDir}\"")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var c = new TcpClient();
                    c.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    if (_process.HasExited) throw new InvalidOperationException("aiosmtpd exited: " + _process.StandardError.ReadToEnd());
                    Thread.Sleep(100);
                }
            }

            throw new TimeoutException("aiosmtpd did not start listening on " + Port);
        }

        public int Port { get; }
        public string MailDir { get; }
        public string? CertFile { get; }

        public string[] Messages() =>
            Directory.Exists(Path.Combine(MailDir, "new"))
                ? Directory.GetFiles(Path.Combine(MailDir, "new")).Select(File.ReadAllText).ToArray()
                : Array.Empty<string>();

        private static void Run(string file, string args)
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed with {p.ExitCode}");
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(true);
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }
    }
}
