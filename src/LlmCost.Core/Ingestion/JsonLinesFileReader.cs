using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// Reads JSON lines (provider responses, batch output, Claude Code logs) from an offset: Claude Code lines through
    /// the fast scanner, everything else through the general payload parser; bad lines are FILE:LINE errors.
    /// </summary>
    internal static class JsonLinesFileReader
    {
        [MethodImpl(JitHints.Hot)]
        public static (long Offset, long Line) Read(string file, long start, long line, ImportOptions options, ImportRecordSink sink, ImportSummary summary,
            Action<ImportError>? onError, Action<ImportProgress>? onProgress, CancellationToken cancel, long size, DateTime fallbackTime, string? fileSession)
        {
            long consumed = start;
            var scanner = new ClaudeCodeLineScanner();
            string source = "import:" + Path.GetFileName(file);
            using var reader = new LineReader(file, start, options.MaxLineBytes);
            while (reader.Next(out var bytes, out bool tooLong, out bool terminated))
            {
                line++;
                summary.Lines++;
                if ((summary.Lines & 0xFFFF) == 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    onProgress?.Invoke(new ImportProgress { File = file, BytesRead = reader.Position, BytesTotal = size, Lines = summary.Lines, Records = summary.Records });
                }

                if (tooLong)
                {
                    summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = "LineTooLong", Message = $"line is longer than {options.MaxLineBytes / (1024 * 1024)} MB; skipped" });
                    consumed = reader.Position;
                    continue;
                }

                if (IsBlank(bytes.Span))
                {
                    if (terminated) consumed = reader.Position;
                    continue;
                }

                // Every supported payload names its usage ("usage", "usageMetadata", "gen_ai.usage"): complete lines
                // without the word (user turns, tool results) are skipped without being parsed. Searched from the end:
                // a response's usage follows its content, so a line that has it is not read twice over.
                if (terminated && bytes.Span.LastIndexOf(UsageWord) < 0 && LooksLikeObject(bytes.Span))
                {
                    consumed = reader.Position;
                    continue;
                }

                try
                {
                    var parsed = ParseLine(scanner, bytes, terminated, options.Provider, fileSession, out string? snapshotKey);
                    if (parsed != null)
                    {
                        if (string.IsNullOrEmpty(parsed.Model)) throw new UsageFormatException("the model is missing", "model");
                        if (parsed.Provider == null) parsed.Provider = options.Provider;
                        // A request alone (most lines) goes in as one record, without a list around it.
                        if (parsed.HasSteps) sink.Add(parsed.ToRecords(fallbackTime, options.SessionId, source), snapshotKey, line);
                        else sink.Add(parsed.ToRecord(fallbackTime, options.SessionId, source), snapshotKey, line);
                    }

                    consumed = reader.Position;
                }
                catch (Exception ex) when (!(ex is StoreException) && (ex is JsonException || ex is LlmCostException || ex is InvalidOperationException || ex is ArgumentException ||
                                           ex is DecoderFallbackException || ex is FormatException || ex is OverflowException))
                {
                    // Any fault of one line is that line's error: the rest of the file and the other files go on. A store
                    // failure (read-only, full, damaged) is not the line's fault: it stops the import with one error.
                    string message = ex switch
                    {
                        JsonException je => $"not valid JSON{(terminated ? "" : " (the line is not finished)")}: {je.Message}",
                        LlmCostException le => le.Message,
                        InvalidOperationException _ when ex.Message.IndexOf("UTF-8", StringComparison.OrdinalIgnoreCase) >= 0 => "a text value is not valid UTF-8",
                        DecoderFallbackException _ => "a text value is not valid UTF-8",
                        OverflowException _ => "a number is out of range",
                        _ => ex.Message,
                    };
                    string errorId = ex is LlmCostException l ? l.ErrorId : ex is JsonException ? "InvalidJson" : "InvalidText";
                    summary.Report(onError, new ImportError { File = file, Line = line, ErrorId = errorId, Message = message });
                    // An unfinished last line may still be being written: read it again next time.
                    if (terminated) consumed = reader.Position;
                }
            }

            return (consumed, line - (consumed < reader.Position ? 1 : 0));
        }

        /// <summary>
        /// One JSON line → usage, or null for a line without any. Complete Claude Code lines of the usual shape take the
        /// fast scanner; everything else (and anything it leaves) the general parser.
        /// </summary>
        private static ParsedUsage? ParseLine(ClaudeCodeLineScanner scanner, ReadOnlyMemory<byte> bytes, bool terminated, string? providerHint,
            string? fileSession, out string? snapshotKey)
        {
            if (terminated && scanner.Scan(bytes.Span, out var fast, out snapshotKey) != ClaudeCodeLineScanner.ScanOutcome.Fallback)
            {
                return WithFileSession(fast, fileSession);
            }

            using var doc = JsonDocument.Parse(bytes);
            var parsed = PayloadParser.ParseDocument(doc.RootElement, providerHint, out snapshotKey);
            return PayloadParser.Detect(doc.RootElement) == PayloadParser.DocumentKind.ClaudeCodeLine ? WithFileSession(parsed, fileSession) : parsed;
        }

        /// <summary>Claude Code usage belongs to the file's session when the line does not name one.</summary>
        private static ParsedUsage? WithFileSession(ParsedUsage? parsed, string? fileSession)
        {
            if (parsed != null) parsed.SessionId ??= fileSession;
            return parsed;
        }

        private static readonly byte[] UsageWord = Encoding.ASCII.GetBytes("usage");

        /// <summary>Starts with '{' and ends with '}' (ignoring white space): a line that is not obviously truncated.</summary>
        private static bool LooksLikeObject(ReadOnlySpan<byte> span)
        {
            int a = 0, b = span.Length - 1;
            while (a <= b && (span[a] == (byte)' ' || span[a] == (byte)'\t')) a++;
            while (b >= a && (span[b] == (byte)' ' || span[b] == (byte)'\t' || span[b] == (byte)'\r')) b--;
            return a < b && span[a] == (byte)'{' && span[b] == (byte)'}';
        }

        internal static bool IsBlank(ReadOnlySpan<byte> span)
        {
            foreach (byte b in span)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r') return false;
            }

            return true;
        }
    }
}
