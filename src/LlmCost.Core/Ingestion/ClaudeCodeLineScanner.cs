using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// The fast path for Claude Code log lines: one forward pass of <see cref="Utf8JsonReader"/> over the UTF-8 bytes,
    /// skipping the message content, with no document built. It answers only for well-formed lines of the usual
    /// shape and says <see cref="ScanOutcome.Fallback"/> for anything else (other payloads, unusual fields, bad values),
    /// which then goes through <see cref="PayloadParser.ParseClaudeCodeLine"/>: both give the same result.
    /// The counts come from the same data-driven Anthropic mapping as every other Anthropic payload.
    /// </summary>
    internal sealed class ClaudeCodeLineScanner
    {
        internal enum ScanOutcome
        {
            /// <summary>A Claude Code line with usage.</summary>
            Usage,
            /// <summary>A Claude Code line without usage (a synthetic message, an API error, no usage object).</summary>
            NoUsage,
            /// <summary>Not answered here: parse the line with the general parser.</summary>
            Fallback,
        }

        private static readonly Extractor Anthropic = Array.Find(UsageExtractors.All, e => e.Name == "anthropic");
        private static readonly byte[] SessionIdName = Encoding.UTF8.GetBytes("sessionId");
        private static readonly byte[] MessageName = Encoding.UTF8.GetBytes("message");
        private static readonly byte[] RequestIdName = Encoding.UTF8.GetBytes("requestId");
        private static readonly byte[] TimestampName = Encoding.UTF8.GetBytes("timestamp");
        private static readonly byte[] ApiErrorName = Encoding.UTF8.GetBytes("isApiErrorMessage");
        private static readonly byte[] IdName = Encoding.UTF8.GetBytes("id");
        private static readonly byte[] TypeName = Encoding.UTF8.GetBytes("type");
        private static readonly byte[] ModelName = Encoding.UTF8.GetBytes("model");
        private static readonly byte[] UsageName = Encoding.UTF8.GetBytes("usage");
        private static readonly byte[] MessageType = Encoding.UTF8.GetBytes("message");
        private static readonly byte[] Synthetic = Encoding.UTF8.GetBytes("<synthetic>");
        // Message fields that would make the general parser pick another extractor.
        private static readonly byte[][] OtherExtractorFields = { Encoding.UTF8.GetBytes("object"), Encoding.UTF8.GetBytes("usageMetadata"), Encoding.UTF8.GetBytes("x_groq"), Encoding.UTF8.GetBytes("response") };

        // The usage object's fields by dotted path: a count (a whole number ≥ 0, or null for JSON null) or another
        // value (not answered here). A line has about ten: arrays searched in order, with the names the same instances
        // line after line (_names), instead of a dictionary and a set hashing every name several times per line
        // (optimisation of the import path: 6 % of the reading thread).
        private string[] _fieldNames = new string[16];
        private long?[] _fieldCounts = new long?[16];
        private bool[] _fieldIsCount = new bool[16];
        private int _fieldCount;
        private readonly Utf8StringCache _names = new Utf8StringCache(32);
        private readonly Utf8StringCache _values = new Utf8StringCache(16);
        private readonly Dictionary<string, string> _prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly UsageExtractors.CountReader _readCount;
        private bool _bail;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        private byte[] _keyBytes = new byte[128];

        /// <summary>
        /// A string value of the line: where its bytes are when it has no escapes (so the snapshot key is made with one
        /// allocation instead of three: optimisation of the import path), else the value itself.
        /// </summary>
        private struct LineText
        {
            public bool Present;
            public int Start;
            public int Length;
            public string? Unescaped;

            public static LineText Of(ref Utf8JsonReader reader)
            {
                if (reader.ValueIsEscaped || reader.HasValueSequence) return new LineText { Present = true, Unescaped = reader.GetString() };
                // A string token starts at its opening quote.
                return new LineText { Present = true, Start = (int)reader.TokenStartIndex + 1, Length = reader.ValueSpan.Length };
            }

            public string ToString(ReadOnlySpan<byte> line) => Unescaped ?? (Present ? StrictUtf8.GetString(line.Slice(Start, Length).ToArray()) : "");
        }

        public ClaudeCodeLineScanner()
        {
            _readCount = ReadCount;
        }

        /// <summary>
        /// Scans one line. The usage it gives is the scanner's own instance, valid until the next call: turn it into a
        /// record (<see cref="ParsedUsage.ToRecords"/>) before scanning another line.
        /// </summary>
        public ScanOutcome Scan(ReadOnlySpan<byte> line, out ParsedUsage? parsed, out string? snapshotKey)
        {
            parsed = null;
            snapshotKey = null;
            try
            {
                return ScanCore(line, ref parsed, ref snapshotKey);
            }
            catch (JsonException)
            {
                return ScanOutcome.Fallback;
            }
            catch (InvalidOperationException)
            {
                return ScanOutcome.Fallback;
            }
            catch (DecoderFallbackException)
            {
                return ScanOutcome.Fallback; // not valid UTF-8: the general parser names the line
            }
        }

        [MethodImpl(JitHints.Hot)]
        private ScanOutcome ScanCore(ReadOnlySpan<byte> line, ref ParsedUsage? parsed, ref string? snapshotKey)
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return ScanOutcome.Fallback;
            _fieldCount = 0;
            bool hasSession = false, hasMessage = false, apiError = false, hasUsage = false;
            string? session = null, model = null, messageType = null;
            LineText requestId = default, messageId = default;
            DateTime? timestamp = null;
            int seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(SessionIdName))
                {
                    if (!Once(ref seen, 1)) return ScanOutcome.Fallback;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) return ScanOutcome.Fallback;
                    hasSession = true;
                    session = _values.Get(ref reader, "");
                }
                else if (reader.ValueTextEquals(MessageName))
                {
                    if (!Once(ref seen, 2)) return ScanOutcome.Fallback;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject || hasMessage) return ScanOutcome.Fallback;
                    hasMessage = true;
                    if (!ScanMessage(ref reader, ref messageId, ref messageType, ref model, ref hasUsage)) return ScanOutcome.Fallback;
                }
                else if (reader.ValueTextEquals(RequestIdName))
                {
                    if (!Once(ref seen, 4)) return ScanOutcome.Fallback;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) return ScanOutcome.Fallback;
                    requestId = LineText.Of(ref reader);
                }
                else if (reader.ValueTextEquals(TimestampName))
                {
                    if (!Once(ref seen, 8)) return ScanOutcome.Fallback;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped) return ScanOutcome.Fallback;
                    if (!TryParseUtcTimestamp(reader.ValueSpan, out var t)) return ScanOutcome.Fallback;
                    timestamp = t;
                }
                else if (reader.ValueTextEquals(ApiErrorName))
                {
                    if (!Once(ref seen, 16)) return ScanOutcome.Fallback;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.True) apiError = true;
                    else if (reader.TokenType != JsonTokenType.False) return ScanOutcome.Fallback;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The whole line must be one object and nothing after it, as for the general parser.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return ScanOutcome.Fallback;
            if (!hasSession || !hasMessage) return ScanOutcome.Fallback;
            if (apiError || !hasUsage || model == "<synthetic>") return ScanOutcome.NoUsage;
            // Usage without a model cannot be priced: the general parser reports the line (never a silent drop).
            if (model == null) return ScanOutcome.Fallback;
            int input = FindField(InputTokensName);
            if (messageType != "message" || input < 0 || !_fieldIsCount[input]) return ScanOutcome.Fallback;

            _bail = false;
            TokenUsage tokens;
            try
            {
                tokens = UsageExtractors.ComputeTokens(Anthropic, _readCount);
            }
            catch (UsageFormatException)
            {
                return ScanOutcome.Fallback;
            }

            if (_bail) return ScanOutcome.Fallback;
            string? key = messageId.Present || requestId.Present ? SnapshotKey(line, messageId, requestId) : null;
            // One instance per scanner, filled again for every line: the reader turns it into a record at once
            // (optimisation of the import path: an object less per line). Every field is set, so nothing of the
            // previous line remains.
            parsed = _result;
            parsed.Provider = "anthropic";
            parsed.Model = model;
            parsed.RequestId = key;
            parsed.Timestamp = timestamp;
            parsed.Tokens = tokens;
            parsed.IsBatch = false;
            parsed.ServiceTier = null;
            parsed.SessionId = session;
            parsed.Source = "claude-code";
            parsed.Steps = null;
            snapshotKey = key;

            return ScanOutcome.Usage;
        }

        /// <summary>"message id:request id" (either may be empty), as the general parser makes it.</summary>
        private string SnapshotKey(ReadOnlySpan<byte> line, LineText messageId, LineText requestId)
        {
            if (messageId.Unescaped != null || requestId.Unescaped != null) return messageId.ToString(line) + ":" + requestId.ToString(line);
            int length = messageId.Length + 1 + requestId.Length;
            var id = line.Slice(messageId.Start, messageId.Length);
            var request = line.Slice(requestId.Start, requestId.Length);
            // A streamed message is logged as several snapshots in a row with the same key: the previous line's string
            // is reused rather than made again (half the lines of a typical log; optimisation of the import path).
            if (_lastKey != null && length == _lastKeyLength && id.SequenceEqual(_keyBytes.AsSpan(0, id.Length)) && _keyBytes[id.Length] == (byte)':' &&
                request.SequenceEqual(_keyBytes.AsSpan(id.Length + 1, request.Length)))
            {
                return _lastKey;
            }

            if (_keyBytes.Length < length) _keyBytes = new byte[Math.Max(length, _keyBytes.Length * 2)];
            id.CopyTo(_keyBytes);
            _keyBytes[messageId.Length] = (byte)':';
            request.CopyTo(_keyBytes.AsSpan(messageId.Length + 1));
            _lastKey = null; // until the new string is made: an invalid UTF-8 key throws here
            string key = StrictUtf8.GetString(_keyBytes, 0, length);
            _lastKey = key;
            _lastKeyLength = length;
            return key;
        }

        private readonly ParsedUsage _result = new ParsedUsage();
        private string? _lastKey;
        private int _lastKeyLength;

        private static bool Once(ref int seen, int bit)
        {
            if ((seen & bit) != 0) return false;
            seen |= bit;
            return true;
        }

        [MethodImpl(JitHints.Hot)]
        private bool ScanMessage(ref Utf8JsonReader reader, ref LineText id, ref string? type, ref string? model, ref bool hasUsage)
        {
            int seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(IdName))
                {
                    if (!Once(ref seen, 1)) return false;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) return false;
                    id = LineText.Of(ref reader);
                }
                else if (reader.ValueTextEquals(TypeName))
                {
                    if (!Once(ref seen, 2)) return false;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) return false;
                    type = reader.ValueTextEquals(MessageType) ? "message" : reader.GetString();
                }
                else if (reader.ValueTextEquals(ModelName))
                {
                    if (!Once(ref seen, 4)) return false;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) return false;
                    model = reader.ValueTextEquals(Synthetic) ? "<synthetic>" : _values.Get(ref reader, "");
                }
                else if (reader.ValueTextEquals(UsageName))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject || hasUsage) return false;
                    hasUsage = true;
                    if (!ScanUsage(ref reader, "")) return false;
                }
                else
                {
                    foreach (var other in OtherExtractorFields)
                    {
                        if (reader.ValueTextEquals(other)) return false;
                    }

                    reader.Read();
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }

        /// <summary>Flattens the usage object (one nested level, as in cache_creation.ephemeral_1h_input_tokens).</summary>
        [MethodImpl(JitHints.Hot)]
        private bool ScanUsage(ref Utf8JsonReader reader, string prefix)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = _names.Get(ref reader, prefix);
                if (FindField(name) >= 0) return false;
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.Number:
                        if (reader.TryGetInt64(out long n) && n >= 0) AddField(name, n, true);
                        else AddField(name, null, false);
                        break;
                    case JsonTokenType.Null:
                        AddField(name, null, true);
                        break;
                    case JsonTokenType.StartObject:
                        if (prefix.Length > 0) return false;
                        AddField(name, null, false);
                        if (!_prefixes.TryGetValue(name, out var nested)) _prefixes[name] = nested = name + ".";
                        if (!ScanUsage(ref reader, nested)) return false;
                        break;
                    case JsonTokenType.String when name == TierName:
                        // A tier priced apart (batch) is the general parser's to read; the usual "standard" is nothing to do.
                        if (!reader.ValueTextEquals(StandardTier)) return false;
                        AddField(name, null, false);
                        break;
                    case JsonTokenType.StartArray when name == StepsName:
                        // A request with server-side steps (compaction, advisor): the general parser prices them.
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.EndArray) return false;
                        break;
                    default:
                        AddField(name, null, false);
                        reader.Skip();
                        break;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }

        private static readonly string StepsName = Anthropic.StepsPath!;
        private static readonly string TierName = "service_tier";
        private static readonly byte[] StandardTier = Encoding.UTF8.GetBytes("standard");

        private bool ReadCount(string path, out long value)
        {
            value = 0;
            int i = FindField(path);
            if (i < 0) return false;
            if (!_fieldIsCount[i])
            {
                // Not a plain count: the general parser reports it exactly.
                _bail = true;
                return false;
            }

            if (_fieldCounts[i] is not long v) return false;
            value = v;
            return true;
        }

        private int FindField(string name)
        {
            for (int i = 0; i < _fieldCount; i++)
            {
                if (string.Equals(_fieldNames[i], name)) return i;
            }

            return -1;
        }

        private void AddField(string name, long? count, bool isCount)
        {
            if (_fieldCount == _fieldNames.Length)
            {
                Array.Resize(ref _fieldNames, _fieldCount * 2);
                Array.Resize(ref _fieldCounts, _fieldCount * 2);
                Array.Resize(ref _fieldIsCount, _fieldCount * 2);
            }

            _fieldNames[_fieldCount] = name;
            _fieldCounts[_fieldCount] = count;
            _fieldIsCount[_fieldCount] = isCount;
            _fieldCount++;
        }

        private const string InputTokensName = "input_tokens";

        /// <summary>yyyy-MM-ddTHH:mm:ss[.fffffff]Z, the form Claude Code writes; anything else is left to the general parser.</summary>
        internal static bool TryParseUtcTimestamp(ReadOnlySpan<byte> s, out DateTime value)
        {
            value = default;
            if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[s.Length - 1] != 'Z') return false;
            if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day) ||
                !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
            {
                return false;
            }

            long ticks = 0;
            int end = s.Length - 1;
            if (end > 19)
            {
                int digits = end - 20;
                if (s[19] != '.' || digits < 1 || digits > 7 || !Digits(s, 20, digits, out int fraction)) return false;
                ticks = fraction;
                for (int i = digits; i < 7; i++) ticks *= 10;
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
            value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
            return true;
        }

        private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9) return false;
                value = value * 10 + d;
            }

            return true;
        }
    }
}
