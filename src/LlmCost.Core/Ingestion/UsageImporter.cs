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
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Ingestion
{
    public enum ImportFormat
    {
        /// <summary>Decide per file (extension, first line) and per line.</summary>
        Auto,
        /// <summary>One JSON document per line: provider responses, OpenTelemetry spans, batch output, Claude Code logs.</summary>
        Jsonl,
        /// <summary>A whole JSON document: one response or an array of them.</summary>
        Json,
        OpenAIBatch,
        ClaudeCode,
        Csv,
        /// <summary>A server-sent-events transcript of one streamed response.</summary>
        Sse,
    }

    public sealed class ImportOptions
    {
        public ImportFormat Format { get; set; } = ImportFormat.Auto;
        public bool Recurse { get; set; }
        /// <summary>Attribute every record to this session (otherwise: the payload's, or Claude Code's file session).</summary>
        public string? SessionId { get; set; }
        /// <summary>Provider of payloads that do not say (OpenAI-compatible APIs).</summary>
        public string? Provider { get; set; }
        /// <summary>Read files again even when unchanged since the last import (request keys still prevent double counting).</summary>
        public bool Force { get; set; }
        public int BatchSize { get; set; } = 4096;
        /// <summary>Lines longer than this are reported as errors and skipped.</summary>
        public int MaxLineBytes { get; set; } = 16 * 1024 * 1024;
    }

    public sealed class ImportError
    {
        public string File { get; set; } = "";
        /// <summary>1-based line number; 0 for errors about the whole file.</summary>
        public long Line { get; set; }
        public string ErrorId { get; set; } = "";
        public string Message { get; set; } = "";

        public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
    }

    public sealed class ImportProgress
    {
        public string File { get; set; } = "";
        public long BytesRead { get; set; }
        public long BytesTotal { get; set; }
        public long Lines { get; set; }
        public long Records { get; set; }
    }

    public sealed class ImportSummary
    {
        public long Files { get; set; }
        /// <summary>Files unchanged since the last import, not read again.</summary>
        public long FilesSkipped { get; set; }
        public long Lines { get; set; }
        public long Records { get; set; }
        public long Added { get; set; }
        public long Replaced { get; set; }
        public long Duplicates { get; set; }
        public long Unpriced { get; set; }
        public long Errors { get; set; }
        public TimeSpan Elapsed { get; set; }
        public double LinesPerSecond => Elapsed.TotalSeconds > 0 ? Lines / Elapsed.TotalSeconds : 0;
    }

    /// <summary>
    /// Imports usage from files: streamed line by line from UTF-8 bytes, written in large transactions, idempotent
    /// (request keys), and incremental (a file that only grew is read from where the last import stopped).
    /// </summary>
    public sealed class UsageImporter
    {
        private static readonly string[] Extensions = { ".jsonl", ".ndjson", ".json", ".csv", ".sse", ".log" };
        private readonly SqliteCostStore _store;

        public UsageImporter(SqliteCostStore store)
        {
            _store = store;
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
            using (var recorder = _store.OpenBulkRecorder(DuplicatePolicy.Skip, options.BatchSize))
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
                        ImportFile(file, options, recorder, summary, onError, onProgress, cancel);
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

        private sealed class FileState
        {
            public long Size;
            public long ModifiedMs;
            public string HeadHash = "";
            public long Offset;
            public long Lines;
        }

        private void ImportFile(string file, ImportOptions options, BulkRecorder recorder, ImportSummary summary, Action<ImportError>? onError, Action<ImportProgress>? onProgress, CancellationToken cancel)
        {
            var info = new FileInfo(file);
            long size = info.Length;
            long modified = SqliteCostStore.ToMs(info.LastWriteTimeUtc);
            string head = HeadHash(file, size);
            var format = options.Format == ImportFormat.Auto ? Detect(file) : options.Format;
            var previous = options.Force ? null : ReadState(file);
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
            var sink = new RecordSink(recorder, summary);
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
            var state = new FileState { Size = size, ModifiedMs = modified, HeadHash = head, Offset = endOffset, Lines = endLine };
            recorder.AddWork((conn, tx) => WriteState(conn, tx, file, state, format));
        }

        /// <summary>Prices records as they are read and passes them to the writer; keeps the last snapshot of a streamed message.</summary>
        private sealed class RecordSink
        {
            private readonly BulkRecorder _recorder;
            private readonly ImportSummary _summary;
            private string? _pendingKey;
            private UsageRecord? _pending;

            public RecordSink(BulkRecorder recorder, ImportSummary summary)
            {
                _recorder = recorder;
                _summary = summary;
            }

            /// <summary>
            /// Adds a record; records sharing <paramref name="snapshotKey"/> in a row replace each other (last wins).
            /// Throws <see cref="InvalidUsageException"/> for a record that cannot be stored, before anything is queued.
            /// </summary>
            public void Add(UsageRecord record, string? snapshotKey)
            {
                SqliteCostStore.Validate(record);
                _summary.Records++;
                if (snapshotKey != null && snapshotKey == _pendingKey)
                {
                    _pending = record;
                    return;
                }

                if (_pending != null) _recorder.Add(_pending);
                _pending = null;
                _pendingKey = null;
                if (snapshotKey != null)
                {
                    _pending = record;
                    _pendingKey = snapshotKey;
                    return;
                }

                _recorder.Add(record);
            }

            public void Flush()
            {
                if (_pending != null) _recorder.Add(_pending);
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

        internal static ImportFormat Detect(string file)
        {
            string ext = Path.GetExtension(file).ToLowerInvariant();
            if (ext == ".csv") return ImportFormat.Csv;
            if (ext == ".sse") return ImportFormat.Sse;
            using var reader = new StreamReader(file, Encoding.UTF8, true, 4096);
            var first = new char[512];
            int n = reader.Read(first, 0, first.Length);
            string start = new string(first, 0, n).TrimStart();
            if (start.StartsWith("data:", StringComparison.Ordinal) || start.StartsWith("event:", StringComparison.Ordinal)) return ImportFormat.Sse;
            if (ext == ".json")
            {
                // A pretty-printed or array document is read whole; one compact object per line is JSON lines.
                return start.StartsWith("[", StringComparison.Ordinal) || start.IndexOf('\n') > 0 && !start.Substring(0, start.IndexOf('\n')).TrimEnd().EndsWith("}", StringComparison.Ordinal)
                    ? ImportFormat.Json
                    : ImportFormat.Jsonl;
            }

            return ImportFormat.Jsonl;
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

        private FileState? ReadState(string file) => _store.WithConnection(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT size, modified_at, head_hash, offset, lines FROM import_files WHERE path = $p";
            cmd.Parameters.AddWithValue("$p", file);
            using var r = cmd.ExecuteReader();
            return r.Read() ? new FileState { Size = r.GetInt64(0), ModifiedMs = r.GetInt64(1), HeadHash = r.GetString(2), Offset = r.GetInt64(3), Lines = r.GetInt64(4) } : null;
        });

        private static void WriteState(SqliteConnection conn, SqliteTransaction tx, string file, FileState s, ImportFormat format)
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO import_files (path, size, modified_at, head_hash, offset, lines, format, imported_at) VALUES ($p, $s, $m, $h, $o, $l, $f, $now) " +
                              "ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_at = excluded.modified_at, head_hash = excluded.head_hash, " +
                              "offset = excluded.offset, lines = excluded.lines, format = excluded.format, imported_at = excluded.imported_at";
            cmd.Parameters.AddWithValue("$p", file);
            cmd.Parameters.AddWithValue("$s", s.Size);
            cmd.Parameters.AddWithValue("$m", s.ModifiedMs);
            cmd.Parameters.AddWithValue("$h", s.HeadHash);
            cmd.Parameters.AddWithValue("$o", s.Offset);
            cmd.Parameters.AddWithValue("$l", s.Lines);
            cmd.Parameters.AddWithValue("$f", format.ToString());
            cmd.Parameters.AddWithValue("$now", SqliteCostStore.ToMs(DateTime.UtcNow));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Reads '\n'-terminated lines as UTF-8 bytes from an offset, with a bounded buffer.</summary>
    internal sealed class LineReader : IDisposable
    {
        private readonly FileStream _stream;
        private readonly int _maxLine;
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        private int _start;
        private int _end;
        private bool _eof;
        private long _bufferOffset;

        public LineReader(string file, long offset, int maxLine)
        {
            _stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            _stream.Position = offset;
            _bufferOffset = offset;
            _maxLine = maxLine;
            Position = offset;
        }

        /// <summary>File offset just after the last line returned.</summary>
        public long Position { get; private set; }

        [MethodImpl(JitHints.Hot)]
        public bool Next(out ReadOnlyMemory<byte> line, out bool tooLong, out bool terminated)
        {
            tooLong = false;
            bool skipping = false;
            while (true)
            {
                int nl = _end > _start ? Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start) : -1;
                if (nl >= 0)
                {
                    int length = nl - _start;
                    line = skipping ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(_buffer, _start, length);
                    _start = nl + 1;
                    Position = _bufferOffset + _start;
                    terminated = true;
                    tooLong = skipping;
                    return true;
                }

                if (_eof)
                {
                    if (_end > _start || skipping)
                    {
                        line = skipping ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                        tooLong = skipping;
                        _start = _end;
                        Position = _bufferOffset + _end;
                        terminated = false;
                        return true;
                    }

                    line = default;
                    terminated = false;
                    return false;
                }

                // Make room: move the partial line to the front, grow up to the limit, or skip an over-long line.
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _bufferOffset += _start;
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    if (_buffer.Length >= _maxLine)
                    {
                        skipping = true;
                        _bufferOffset += _end;
                        _end = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLine));
                        Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                        ArrayPool<byte>.Shared.Return(_buffer);
                        _buffer = bigger;
                    }
                }

                int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0) _eof = true;
                _end += read;
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
