using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using LlmCost.Core.Storage;
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
                    foreach (var f in FileWalker.Files(full, "*", recurse).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())))
                    {
                        yield return f;
                    }
                }
                else if (p.IndexOfAny(new[] { '*', '?' }) >= 0)
                {
                    string dir = Path.GetDirectoryName(full) ?? ".";
                    string pattern = Path.GetFileName(full);
                    if (!Directory.Exists(dir)) continue;
                    foreach (var f in FileWalker.Files(dir, pattern, recurse))
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

        /// <summary>
        /// The error for a path that gives no file to import, with a hint when it is a folder whose usage files are in
        /// subfolders (<paramref name="recurseOption"/> names the front end's recurse switch).
        /// </summary>
        public static LlmCostException NoFilesFound(string path, bool recurse, string recurseOption)
        {
            string full = Path.GetFullPath(path);
            string hint = "";
            if (!recurse && Directory.Exists(full) && ExpandPaths(new[] { full }, true).Any())
            {
                hint = $" It is a folder whose usage files are in subfolders: add {recurseOption}.";
            }

            return new LlmCostException("NoFilesFound", $"No usage files (.jsonl, .ndjson, .json, .csv, .sse, .log) found at '{full}'.{hint}");
        }

        public ImportSummary Import(IEnumerable<string> files, ImportOptions? options = null, Action<ImportError>? onError = null,
            Action<ImportProgress>? onProgress = null, CancellationToken cancel = default)
        {
            options ??= new ImportOptions();
            var summary = new ImportSummary();
            var clock = Stopwatch.StartNew();
            // Lines are read and priced on this thread while the store writes on another.
            // Loaded only when a file has something new: a re-import of unchanged files never parses the catalog.
            var pricer = new Lazy<RequestPricer>(() => new RequestPricer(_store.Prices));
            // Every file's last import state in one read (per-file lookups cost a connection each: 0.7 s for 5,000 files).
            var states = options.Force ? null : _store.GetImportFileStates();
            using (var recorder = _store.OpenBulkWriter(DuplicatePolicy.Skip, options.BatchSize))
            {
                foreach (var file in files)
                {
                    cancel.ThrowIfCancellationRequested();
                    summary.Files++;
                    // One stat per file: its existence, size and time come from the same FileInfo (a path no file can
                    // have, as File.Exists answers it, is not found).
                    var info = Stat(file);
                    if (info == null || !info.Exists)
                    {
                        summary.Report(onError, new ImportError { File = file, ErrorId = "FileNotFound", Message = "file not found" });
                        continue;
                    }

                    try
                    {
                        ImportFile(file, info, options, states, recorder, pricer, summary, onError, onProgress, cancel);
                    }
                    catch (IOException ex)
                    {
                        summary.Report(onError, new ImportError { File = file, ErrorId = "FileReadFailed", Message = ex.Message });
                    }
                    catch (UnauthorizedAccessException ex)
                    {
                        summary.Report(onError, new ImportError { File = file, ErrorId = "FileReadFailed", Message = ex.Message });
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

        private static FileInfo? Stat(string file)
        {
            try
            {
                return new FileInfo(file);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private void ImportFile(string file, FileInfo info, ImportOptions options, IReadOnlyDictionary<string, ImportFileState>? states, IBulkRequestWriter recorder,
            Lazy<RequestPricer> pricer, ImportSummary summary, Action<ImportError>? onError, Action<ImportProgress>? onProgress, CancellationToken cancel)
        {
            long size = info.Length;
            long modified = UnixMs.From(info.LastWriteTimeUtc);
            ImportFileState? previous = null;
            states?.TryGetValue(file, out previous);
            // Unchanged size and modification time (to the millisecond): the file is taken as read, without opening it,
            // as rsync's and make's quick check do (-Force reads everything again). Opening and hashing the start of each
            // file was most of a re-import of 5,000 unchanged files (docs/benchmarks.md).
            if (previous != null && previous.Size == size && previous.ModifiedMs == modified)
            {
                summary.FilesSkipped++;
                return;
            }

            byte[] headBytes = FileHead.Read(file, size, out int headCount);
            string head = FileHead.Fingerprint(headBytes, headCount);
            long startOffset = 0, startLine = 0;
            // The file is the same file when the bytes read last time still start it (compared on its first 4 KB).
            bool sameFile = previous != null && FileHead.Matches(file, head, size, previous.HeadHash, previous.Size);

            // Detected only for a file with something to read.
            var format = options.Format == ImportFormat.Auto ? ImportFormatDetector.Detect(file, headBytes, headCount) : options.Format;
            if (sameFile)
            {
                bool lineBased = format == ImportFormat.Jsonl || format == ImportFormat.ClaudeCode || format == ImportFormat.OpenAIBatch || format == ImportFormat.Csv;
                if (lineBased && size >= previous!.Offset)
                {
                    startOffset = previous.Offset;
                    startLine = previous.Lines;
                }
            }

            // A streamed message logged again with more output replaces its earlier snapshot.
            recorder.Policy = format == ImportFormat.ClaudeCode || format == ImportFormat.Jsonl ? DuplicatePolicy.Replace : DuplicatePolicy.Skip;
            var sink = new ImportRecordSink(recorder, pricer.Value, summary, file, onError);
            var fallbackTime = info.LastWriteTimeUtc;
            string? fileSession = format == ImportFormat.ClaudeCode ? Path.GetFileNameWithoutExtension(file) : null;
            long endOffset = startOffset, endLine = startLine;
            switch (format)
            {
                case ImportFormat.Json:
                case ImportFormat.Sse:
                    WholeFileReader.Read(file, format, options, sink, summary, onError, fallbackTime);
                    endOffset = size;
                    break;
                case ImportFormat.LiteLlm:
                case ImportFormat.Langfuse:
                    Sources.ToolExportReader.Read(file, format, options, sink, summary, onError, cancel);
                    endOffset = size;
                    break;
                case ImportFormat.Csv:
                    (endOffset, endLine) = CsvFileReader.Read(file, startOffset, startLine, options, sink, summary, onError, onProgress, cancel, size);
                    break;
                default:
                    (endOffset, endLine) = JsonLinesFileReader.Read(file, startOffset, startLine, options, sink, summary, onError, onProgress, cancel, size, fallbackTime, fileSession);
                    break;
            }

            sink.Flush();
            // Stored in the transaction that writes the file's last records: a crash never marks unwritten lines as read.
            recorder.MarkFileRead(new ImportFileState
            {
                Path = file, Size = size, ModifiedMs = modified, HeadHash = head, Offset = endOffset, Lines = endLine, Format = format.ToString(),
            });
        }
    }
}
