using System;
using System.Globalization;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LlmCost.Core.Notifications
{
    /// <summary>A small SMTP client: EHLO, STARTTLS, AUTH PLAIN, MAIL/RCPT/DATA. Credentials never leave this class.</summary>
    internal sealed class SmtpSession
    {
        private readonly NotificationSettings _s;
        private Stream _stream = Stream.Null;
        private StreamReader _reader = StreamReader.Null;

        public SmtpSession(NotificationSettings settings)
        {
            _s = settings;
        }

        public void Send(string from, string to, string subject, string body)
        {
            using var client = new TcpClient();
            var connect = client.ConnectAsync(_s.SmtpHost!, _s.SmtpPort);
            if (!connect.Wait(_s.Timeout)) throw new IOException($"connecting to {_s.SmtpHost}:{_s.SmtpPort} timed out");
            client.ReceiveTimeout = client.SendTimeout = (int)_s.Timeout.TotalMilliseconds;
            _stream = client.GetStream();
            _reader = new StreamReader(_stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
            Expect(220);
            var caps = Command("EHLO llmcost", 250);
            if (_s.SmtpStartTls)
            {
                if (!caps.Contains("STARTTLS")) throw new IOException("the server does not offer STARTTLS (set LLMCOST_SMTP_STARTTLS=false for a plain relay)");
                Command("STARTTLS", 220);
                var ssl = new SslStream(_stream, false, ValidateCertificate);
                ssl.AuthenticateAsClient(_s.SmtpHost!);
                _stream = ssl;
                _reader = new StreamReader(_stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
                caps = Command("EHLO llmcost", 250);
            }

            if (_s.SmtpUser != null)
            {
                string token = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + _s.SmtpUser + "\0" + (_s.SmtpPassword ?? "")));
                Command("AUTH PLAIN " + token, 235, redact: true);
            }

            Command("MAIL FROM:<" + from + ">", 250);
            Command("RCPT TO:<" + to + ">", 250);
            Command("DATA", 354);
            var sb = new StringBuilder();
            sb.Append("From: ").Append(from).Append("\r\n");
            sb.Append("To: ").Append(to).Append("\r\n");
            sb.Append("Subject: ").Append(EncodeHeader(subject)).Append("\r\n");
            sb.Append("Date: ").Append(DateTime.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
            sb.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append("@llmcost>\r\n");
            sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            foreach (var line in body.Replace("\r\n", "\n").Split('\n'))
            {
                sb.Append(line.StartsWith(".", StringComparison.Ordinal) ? "." + line : line).Append("\r\n");
            }

            sb.Append(".\r\n");
            Write(sb.ToString());
            Expect(250);
            Command("QUIT", 221);
        }

        private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None) return true;
            if (_s.SmtpTrustCertificateFile == null || certificate == null) return false;
            // A self-signed relay certificate the operator chose to trust, compared byte for byte.
            var trusted = new X509Certificate2(_s.SmtpTrustCertificateFile);
            return System.Linq.Enumerable.SequenceEqual(trusted.RawData, certificate.GetRawCertData());
        }

        private static string EncodeHeader(string s)
        {
            foreach (char c in s)
            {
                if (c > 126 || c < 32) return "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "?=";
            }

            return s;
        }

        private string Command(string line, int expected, bool redact = false)
        {
            Write(line + "\r\n");
            return Expect(expected, redact ? line.Split(' ')[0] + " " + line.Split(' ')[1] + " ***" : line);
        }

        private void Write(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            _stream.Write(bytes, 0, bytes.Length);
            _stream.Flush();
        }

        private string Expect(int code, string? after = null)
        {
            var all = new StringBuilder();
            while (true)
            {
                string? line = _reader.ReadLine() ?? throw new IOException("the SMTP server closed the connection" + (after != null ? " after " + after : ""));
                all.Append(line).Append('\n');
                if (line.Length < 4 || line[3] != '-')
                {
                    if (!line.StartsWith(code.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    {
                        throw new IOException($"SMTP server answered '{line}'" + (after != null ? " to " + after : ""));
                    }

                    return all.ToString();
                }
            }
        }
    }
}
