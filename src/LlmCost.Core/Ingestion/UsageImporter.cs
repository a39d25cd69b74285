using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;
using LlmCost.Core.Pricing;
using LlmCost.Core.Time;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// Imports usage from files: streamed line by line from UTF-8 bytes, written in large transactions, idempotent
    /// (request keys), and incremental (a file that only grew is read from where the last import stopped).
    /// </summary>
    public sealed class UsageImporter
    {
        private static readonly string[] Extensions = { ".jsonl", ".ndjson", ".json", ".csv", ".sse", ".log" };
        private readonly ICostStore _store;

        public UsageImporter(ICostStore store)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>Files and folders (recursively with <see cref="ImportOptions.Recurse"/>) → the files to read.</summary>
        public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths, bool recurse)
        {
            foreach (var p in paths)
            {
                string full = Path.GetFullPath(p);
                if (Directory.Exists(full))
                {
                    foreach (var f in Directory.EnumerateFiles(full, "*", recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                                 .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).OrderBy(f => f, StringComparer.Ordinal))
                    {
                        yield return f;
                    }
                }
                else if (p.IndexOfAny(new[] { '*', '?' }) >= 0)
                {
                    string dir = Path.GetDirectoryName(full) ?? ".";
                    string pattern = Path.GetFileName(full);
                    if (!Directory.Exists(dir)) continue;
                    foreach (var f in Directory.EnumerateFiles(dir, pattern, recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal))
                    {
                        yield return f;
                    }
                }
                else
                {
                    yield return full;
                }
            }
        }

        public ImportSummary Import(IEnumerable<string> files, ImportOptions? options = null, Action<ImportError>? onError = null,
            Action<ImportProgress>? onProgress = null, CancellationToken cancel = default)
        {
            options ??= new ImportOptions();
            var summary = new ImportSummary();
            var clock = Stopwatch.StartNew();
            // Lines are read and priced on this thread while the store writes on another.
            var pricer = new RequestPricer(_store.Prices);
            using (var recorder = _store.OpenBulkWriter(DuplicatePolicy.Skip, options.BatchSize))
            {
                foreach (var file in files)
                {
                    cancel.ThrowIfCancellationRequested();
                    summary.Files++;
                    if (!File.Exists(file))
                    {
                        Report(summary, onError, new ImportError { File = file, ErrorId = "FileNotFound", Message = "file not found" });
                        continue;
                    }

                    try
                    {
                        ImportFile(file, options, recorder, pricer, summary, onError, onProgress, cancel);
                    }
                    catch (IOException ex)
                    {
                        Report(summary, onError, new ImportError { File = file, ErrorId = "FileReadFailed", Message = ex.Message });
                    }
                    catch (UnauthorizedAccessException ex)
                    {
                        Report(summary, onError, new ImportError { File = file, ErrorId = "FileReadFailed", Message = ex.Message });
                    }
                }

                var written = recorder.Complete();
                summary.Added = written.Added;
                summary.Replaced = written.Replaced;
                summary.Duplicates = written.Duplicates;
                summary.Unpriced = written.Unpriced;
            }

            summary.Elapsed = clock.Elapsed;
            return summary;
        }

        private static void Report(ImportSummary summary, Action<ImportError>? onError, ImportError error)
        {
            summary.Errors++;
            onError?.Invoke(error);
        }

        private void ImportFile(string file, ImportOptions options, IBulkRequestWriter recorder, RequestPricer pricer, ImportSummary summary, Action<ImportError>? onError, Action<ImportProgress>? onProgress, CancellationToken cancel)
        {
            var info = new FileInfo(file);
            long size = info.Length;
            long modified = UnixMs.From(info.LastWriteTimeUtc);
            string head = HeadHash(file, size);
            var format = options.Format == ImportFormat.Auto ? ImportFormatDetector.Detect(file) : options.Format;
            var previous = options.Force ? null : _store.GetImportFileState(file);
            long startOffset = 0, startLine = 0;
            // The file is the same file when the bytes read last time still start it (compared on its first 4 KB).
            if (previous != null && (previous.Size == size ? head : HeadHash(file, previous.Size)) == previous.HeadHash)
            {
                if (previous.Size == size && previous.ModifiedMs == modified)
                {
                    summary.FilesSkipped++;
                    return;
                }

                bool lineBased = format == ImportFormat.Jsonl || format == ImportFormat.ClaudeCode || format == ImportFormat.OpenAIBatch || format == ImportFormat.Csv;
                if (lineBased && size >= previous.Offset)
                {
                    startOffset = previous.Offset;
                    startLine = previous.Lines;
                }
            }

            // A streamed message logged again with more output replaces its earlier snapshot.
            recorder.Policy = format == ImportFormat.ClaudeCode || format == ImportFormat.Jsonl ? DuplicatePolicy.Replace : DuplicatePolicy.Skip;
            var sink = new RecordSink(recorder, pricer, summary);
            var fallbackTime = info.LastWriteTimeUtc;
            string? fileSession = format == ImportFormat.ClaudeCode ? Path.GetFileNameWithoutExtension(file) : null;
            long endOffset = startOffset, endLine = startLine;
            switch (format)
            {
                case ImportFormat.Json:
                case ImportFormat.Sse:
                    ReadWhole(file, format, options, sink, summary, onError, fallbackTime);
                    endOffset = size;
                    break;
                case ImportFormat.Csv:
                    (endOffset, endLine) = ReadCsv(file, startOffset, startLine, options, sink, summary, onError, onProgress, cancel, size);
                    break;
                default:
                    (endOffset, endLine) = ReadJsonLines(file, startOffset, startLine, options, sink, summary, onError, onProgress, cancel, size, fallbackTime, fileSession);
                    break;
            }

            sink.Flush();
            // Stored in the transaction that writes the file's last records: a crash never marks unwritten lines as read.
            recorder.MarkFileRead(new ImportFileState
            {
                Path = file, Size = size, ModifiedMs = modified, HeadHash = head, Offset = endOffset, Lines = endLine, Format = format.ToString(),
            });
        }

        /// <summary>Prices records as they are read and passes them to the writer; keeps the last snapshot of a streamed message.</summary>
        private sealed class RecordSink
        {
            private readonly IBulkRequestWriter _recorder;
            private readonly RequestPricer _pricer;
            private readonly ImportSummary _summary;
            private string? _pendingKey;
            private UsageRecord? _pending;

            public RecordSink(IBulkRequestWriter recorder, RequestPricer pricer, ImportSummary summary)
            {
                _recorder = recorder;
                _pricer = pricer;
                _summary = summary;
            }

            /// <summary>
            /// Adds a record; records sharing <paramref name="snapshotKey"/> in a row replace each other (last wins).
            /// Throws <see cref="InvalidUsageException"/> for a record that cannot be stored, before anything is queued.
            /// </summary>
            public void Add(UsageRecord record, string? snapshotKey)
            {
                record.Validate();
                _summary.Records++;
                if (snapshotKey != null && snapshotKey == _pendingKey)
                {
                    _pending = record;
                    return;
                }

                if (_pending != null) _recorder.Add(_pricer.PriceValidated(_pending));
                _pending = null;
                _pendingKey = null;
                if (snapshotKey != null)
                {
                    _pending = record;
                    _pendingKey = snapshotKey;
                    return;
                }

                _recorder.Add(_pricer.PriceValidated(record));
            }

            public void Flush()
            {
                if (_pending != null) _recorder.Add(_pricer.PriceValidated(_pending));
                _pending = null;
                _pendingKey = null;
            }
        }

        [MethodImpl(JitHints.Hot)]
        private (long Offset, long Line) ReadJsonLines(string file, long start, long line, ImportOptions options, RecordSink sink, ImportSummary summary,
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
                    Report(summary, onError, new ImportError { File = file, Line = line, ErrorId = "LineTooLong", Message = $"line is longer than {options.MaxLineBytes / (1024 * 1024)} MB; skipped" });
                    consumed = reader.Position;
                    continue;
                }

                if (IsBlank(bytes.Span))
                {
                    if (terminated) consumed = reader.Position;
                    continue;
                }

                // Every supported payload names its usage ("usage", "usageMetadata", "gen_ai.usage"): complete lines
                // without the word (user turns, tool results) are skipped without being parsed.
                if (terminated && bytes.Span.IndexOf(UsageWord) < 0 && LooksLikeObject(bytes.Span))
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
                        var record = parsed.ToRecord(fallbackTime, options.SessionId, source);
                        record.Provider ??= options.Provider;
                        sink.Add(record, snapshotKey);
                    }

                    consumed = reader.Position;
                }
                catch (Exception ex) when (ex is JsonException || ex is LlmCostException)
                {
                    string message = ex is JsonException je ? $"not valid JSON{(terminated ? "" : " (the line is not finished)")}: {je.Message}" : ex.Message;
                    Report(summary, onError, new ImportError { File = file, Line = line, ErrorId = ex is LlmCostException le ? le.ErrorId : "InvalidJson", Message = message });
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

            snapshotKey = null;
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("sessionId", out _) && root.TryGetProperty("message", out _))
            {
                return WithFileSession(PayloadParser.ParseClaudeCodeLine(root, out snapshotKey), fileSession);
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("custom_id", out _)) return PayloadParser.ParseBatchLine(root);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String &&
                (t.GetString() == "user" || t.GetString() == "summary" || t.GetString() == "system"))
            {
                return null; // Claude Code lines without usage
            }

            return PayloadParser.ParseDocument(root, providerHint);
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

        private static bool IsBlank(ReadOnlySpan<byte> span)
        {
            foreach (byte b in span)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r') return false;
            }

            return true;
        }

        private void ReadWhole(string file, ImportFormat format, ImportOptions options, RecordSink sink, ImportSummary summary, Action<ImportError>? onError, DateTime fallbackTime)
        {
            string text = File.ReadAllText(file, Encoding.UTF8);
            summary.Lines += text.Count(c => c == '\n') + 1;
            try
            {
                if (format == ImportFormat.Sse)
                {
                    var parsed = PayloadParser.ParseSse(text, options.Provider);
                    if (parsed != null) sink.Add(parsed.ToRecord(fallbackTime, options.SessionId, "import:" + Path.GetFileName(file)), null);
                    return;
                }

                using var doc = JsonDocument.Parse(text);
                var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : new List<JsonElement> { doc.RootElement };
                int index = 0;
                foreach (var item in items)
                {
                    index++;
                    try
                    {
                        var parsed = PayloadParser.ParseDocument(item, options.Provider);
                        if (parsed == null) continue;
                        if (string.IsNullOrEmpty(parsed.Model)) throw new UsageFormatException("the model is missing", "model");
                        var record = parsed.ToRecord(fallbackTime, options.SessionId, "import:" + Path.GetFileName(file));
                        record.Provider ??= options.Provider;
                        sink.Add(record, null);
                    }
                    catch (LlmCostException ex)
                    {
                        Report(summary, onError, new ImportError { File = file, Line = 0, ErrorId = ex.ErrorId, Message = $"item {index}: {ex.Message}" });
                    }
                }
            }
            catch (JsonException ex)
            {
                Report(summary, onError, new ImportError { File = file, Line = (ex.LineNumber ?? 0) + 1, ErrorId = "InvalidJson", Message = "not valid JSON: " + ex.Message });
            }
            catch (LlmCostException ex)
            {
                Report(summary, onError, new ImportError { File = file, ErrorId = ex.ErrorId, Message = ex.Message });
            }
        }

        private (long Offset, long Line) ReadCsv(string file, long start, long line, ImportOptions options, RecordSink sink, ImportSummary summary,
            Action<ImportError>? onError, Action<ImportProgress>? onProgress, CancellationToken cancel, long size)
        {
            CsvUsageReader? csv = null;
            // The header is always read from the start of the file, also when resuming.
            using (var headerReader = new LineReader(file, 0, options.MaxLineBytes))
            {
                if (headerReader.Next(out var header, out _, out _))
                {
                    try
                    {
                        csv = new CsvUsageReader(Encoding.UTF8.GetString(header.ToArray()).TrimStart('\uFEFF'));
                    }
                    catch (LlmCostException ex)
                    {
                        Report(summary, onError, new ImportError { File = file, Line = 1, ErrorId = ex.ErrorId, Message = ex.Message });
                        return (0, 0);
                    }

                    if (start == 0)
                    {
                        start = headerReader.Position;
                        line = 1;
                        summary.Lines++;
                    }
                }
            }

            if (csv == null) return (0, 0);
            long consumed = start;
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

                if (tooLong || IsBlank(bytes.Span))
                {
                    if (tooLong) Report(summary, onError, new ImportError { File = file, Line = line, ErrorId = "LineTooLong", Message = "line too long; skipped" });
                    consumed = reader.Position;
                    continue;
                }

                try
                {
                    var record = csv.Read(Encoding.UTF8.GetString(bytes.ToArray()));
                    record.SessionId = options.SessionId ?? record.SessionId;
                    record.Provider ??= options.Provider;
                    record.Source = "import:" + Path.GetFileName(file);
                    sink.Add(record, null);
                    consumed = reader.Position;
                }
                catch (LlmCostException ex)
                {
                    Report(summary, onError, new ImportError { File = file, Line = line, ErrorId = ex.ErrorId, Message = ex.Message });
                    if (terminated) consumed = reader.Position;
                }
            }

            return (consumed, line);
        }

        private static string HeadHash(string file, long length)
        {
            using var f = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[(int)Math.Min(4096, Math.Max(0, length))];
            int n = 0;
            while (n < buffer.Length)
            {
                int read = f.Read(buffer, n, buffer.Length - n);
                if (read == 0) break;
                n += read;
            }
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(buffer, 0, n));
        }
    }
}
