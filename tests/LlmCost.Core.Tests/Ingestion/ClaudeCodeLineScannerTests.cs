using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Usage;

namespace LlmCost.Core.Tests.Ingestion
{
    /// <summary>The fast Claude Code path must answer exactly as the general parser does, or leave the line to it.</summary>
    public class ClaudeCodeLineScannerTests
    {
        private const string Head = "{\"parentUuid\":\"p1\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/dev/app\",\"sessionId\":\"7f1c2a9e-1111-4c2b-9d0e-2f7a8b9c0d1e\",\"version\":\"1.0.62\",\"gitBranch\":\"main\",";
        private const string Tail = ",\"requestId\":\"req_011CRkz1\",\"type\":\"assistant\",\"uuid\":\"a1\",\"timestamp\":\"2025-08-01T08:00:13.123Z\"}";

        private static string Assistant(string usage, string model = "claude-sonnet-4-5-20250929", string extraMessage = "", string content = "[{\"type\":\"text\",\"text\":\"Done.\"}]") =>
            Head + "\"message\":{\"id\":\"msg_01AbC\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":" + content +
            ",\"stop_reason\":null,\"stop_sequence\":null" + extraMessage + ",\"usage\":" + usage + "}" + Tail;

        private static (ClaudeCodeLineScanner.ScanOutcome Outcome, ParsedUsage? Fast, string? FastKey) Scan(string line)
        {
            var outcome = new ClaudeCodeLineScanner().Scan(Encoding.UTF8.GetBytes(line), out var parsed, out var key);
            return (outcome, parsed, key);
        }

        private static ParsedUsage? Slow(string line, out string? key)
        {
            using var doc = JsonDocument.Parse(line);
            return PayloadParser.ParseClaudeCodeLine(doc.RootElement, out key);
        }

        private static void AssertSameAsGeneralParser(string line)
        {
            var (outcome, fast, fastKey) = Scan(line);
            Assert.NotEqual(ClaudeCodeLineScanner.ScanOutcome.Fallback, outcome);
            var slow = Slow(line, out var slowKey);
            Assert.Equal(slow == null, fast == null);
            Assert.Equal(slowKey, fastKey);
            if (slow == null) return;
            Assert.Equal(slow.Tokens, fast!.Tokens);
            Assert.Equal(slow.Model, fast.Model);
            Assert.Equal(slow.RequestId, fast.RequestId);
            Assert.Equal(slow.SessionId, fast.SessionId);
            Assert.Equal(slow.Timestamp, fast.Timestamp);
            Assert.Equal(slow.Provider, fast.Provider);
            Assert.Equal(slow.Source, fast.Source);
        }

        [Fact]
        public void OneScanner_GivesEachLineItsOwnKey_WhenKeysRepeatOrDifferAtTheSameLength()
        {
            // The scanner reuses the previous line's key string when the bytes are the same: a different key of the same
            // length, or the first key again after another, must never get a stale one.
            var scanner = new ClaudeCodeLineScanner();
            string Line(string messageId, string requestId) =>
                Assistant("{\"input_tokens\":3,\"output_tokens\":5}").Replace("msg_01AbC", messageId).Replace("req_011CRkz1", requestId);
            var lines = new[] { Line("msg_A1", "req_1"), Line("msg_A1", "req_1"), Line("msg_B1", "req_1"), Line("msg_A1", "req_2"), Line("msg_A1", "req_1"), Line("msg_A1:", "req_") };
            var keys = lines.Select(l =>
            {
                Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Usage, scanner.Scan(Encoding.UTF8.GetBytes(l), out var parsed, out var key));
                Assert.Equal(key, parsed!.RequestId);
                return key;
            }).ToArray();
            Assert.Equal(new[] { "msg_A1:req_1", "msg_A1:req_1", "msg_B1:req_1", "msg_A1:req_2", "msg_A1:req_1", "msg_A1::req_" }, keys);
        }

        [Fact]
        public void BatchServiceTier_IsLeftToTheGeneralParser_StandardIsNot()
        {
            string batch = Assistant("{\"input_tokens\":10,\"output_tokens\":5,\"service_tier\":\"batch\"}");
            Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Fallback, Scan(batch).Outcome);
            Assert.True(Slow(batch, out _)!.IsBatch);
            AssertSameAsGeneralParser(Assistant("{\"input_tokens\":10,\"output_tokens\":5,\"service_tier\":\"standard\"}"));
        }

        [Fact]
        public void LineWithServerSideSteps_IsLeftToTheGeneralParser_WhichAddsTheCompaction()
        {
            // A compaction step of 55,196 input / 125 output tokens is not in the top-level 220 / 8 (docs/cost-rules.md).
            string line = Assistant("{\"input_tokens\":220,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":8,\"iterations\":[" +
                                    "{\"type\":\"compaction\",\"input_tokens\":55196,\"output_tokens\":125,\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0}," +
                                    "{\"type\":\"message\",\"input_tokens\":220,\"output_tokens\":8,\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0}]}");
            Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Fallback, Scan(line).Outcome);
            Assert.Equal(new TokenUsage(220 + 55196, 8 + 125), Slow(line, out _)!.Tokens);

            // An empty list has nothing to add: the fast path keeps it.
            AssertSameAsGeneralParser(Assistant("{\"input_tokens\":220,\"output_tokens\":8,\"iterations\":[]}"));
        }

        [Fact]
        public void TypicalLine_IsReadByTheFastPath_WithAnthropicCounts()
        {
            string line = Assistant("{\"input_tokens\":4,\"cache_creation_input_tokens\":1500,\"cache_read_input_tokens\":20000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":500},\"output_tokens\":300,\"service_tier\":\"standard\",\"server_tool_use\":{\"web_search_requests\":0}}");
            var (outcome, fast, key) = Scan(line);
            Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Usage, outcome);
            // Anthropic input excludes the cache: 4 + 20000 read + 1500 written = 21504 input in all; 1500 = 1000 (5m) + 500 (1h).
            Assert.Equal(new TokenUsage(21504, 300, 20000, 1000, 500), fast!.Tokens);
            Assert.Equal("msg_01AbC:req_011CRkz1", key);
            Assert.Equal(new DateTime(2025, 8, 1, 8, 0, 13, 123, DateTimeKind.Utc), fast.Timestamp);
            Assert.Equal("7f1c2a9e-1111-4c2b-9d0e-2f7a8b9c0d1e", fast.SessionId);
            AssertSameAsGeneralParser(line);
        }

        [Theory]
        [InlineData("{\"input_tokens\":10,\"output_tokens\":5}")]
        [InlineData("{\"input_tokens\":10,\"cache_creation_input_tokens\":700,\"output_tokens\":5}")]
        [InlineData("{\"input_tokens\":10,\"cache_creation_input_tokens\":700,\"cache_creation\":{\"ephemeral_1h_input_tokens\":200},\"output_tokens\":5}")]
        [InlineData("{\"input_tokens\":10,\"cache_read_input_tokens\":null,\"output_tokens\":5}")]
        public void UsageVariants_MatchTheGeneralParser(string usage) => AssertSameAsGeneralParser(Assistant(usage));

        [Fact]
        public void ContentWithEscapesAndLookalikeKeys_IsSkippedWhole()
        {
            // The content mentions "usage" and "model" inside strings and as tool input keys: only message.usage counts.
            string content = "[{\"type\":\"text\",\"text\":\"say \\\"usage\\\":{\\\"input_tokens\\\":999} \\u00e9\\n\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"x\",\"input\":{\"usage\":{\"input_tokens\":5000},\"model\":\"gpt-4o\"}}]";
            string line = Assistant("{\"input_tokens\":3,\"output_tokens\":7}", content: content);
            var (outcome, fast, _) = Scan(line);
            Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Usage, outcome);
            Assert.Equal(new TokenUsage(3, 7), fast!.Tokens);
            Assert.Equal("claude-sonnet-4-5-20250929", fast.Model);
            AssertSameAsGeneralParser(line);
        }

        [Fact]
        public void SyntheticAndApiErrorAndUserLines_HaveNoUsage()
        {
            AssertSameAsGeneralParser(Assistant("{\"input_tokens\":0,\"output_tokens\":0}", model: "<synthetic>"));
            AssertSameAsGeneralParser(Assistant("{\"input_tokens\":1,\"output_tokens\":1}").Replace("\"isSidechain\":false", "\"isSidechain\":false,\"isApiErrorMessage\":true"));
            AssertSameAsGeneralParser(Head + "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":\"ok\"}]},\"uuid\":\"u1\",\"timestamp\":\"2025-08-01T08:00:00.000Z\"}");
        }

        [Theory]
        [InlineData("{\"input_tokens\":-1,\"output_tokens\":5}")]                  // negative: the general parser names the field
        [InlineData("{\"input_tokens\":\"10\",\"output_tokens\":5}")]              // wrong type
        [InlineData("{\"input_tokens\":1.5,\"output_tokens\":5}")]                 // not whole
        [InlineData("{\"output_tokens\":5}")]                                      // input missing: another extractor may apply
        [InlineData("{\"input_tokens\":1,\"input_tokens\":2,\"output_tokens\":5}")] // duplicate field
        public void UnusualUsage_IsLeftToTheGeneralParser(string usage)
        {
            Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Fallback, Scan(Assistant(usage)).Outcome);
        }

        [Fact]
        public void UnusualLines_AreLeftToTheGeneralParser()
        {
            string good = Assistant("{\"input_tokens\":1,\"output_tokens\":1}");
            string[] lines =
            {
                good.Replace("2025-08-01T08:00:13.123Z", "2025-08-01T10:00:13+02:00"),  // offset: parsed by DateTimeOffset
                good.Replace("\"type\":\"message\",", ""),                               // older logs without message.type
                good.Substring(0, good.Length - 5),                                       // truncated
                good + " x",                                                              // trailing garbage
                good.Replace("\"model\":", "\"object\":\"response\",\"model\":"),         // looks like another payload
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}",
                "[1,2]",
            };
            foreach (var line in lines) Assert.Equal(ClaudeCodeLineScanner.ScanOutcome.Fallback, Scan(line).Outcome);
        }

        [Theory]
        [InlineData("2025-08-01T08:00:13Z", 0)]
        [InlineData("2025-08-01T08:00:13.5Z", 5_000_000)]
        [InlineData("2025-08-01T08:00:13.1234567Z", 1_234_567)]
        public void Timestamps_ParseToTheTick(string text, long fractionTicks)
        {
            Assert.True(ClaudeCodeLineScanner.TryParseUtcTimestamp(Encoding.ASCII.GetBytes(text), out var t));
            Assert.Equal(new DateTime(2025, 8, 1, 8, 0, 13, DateTimeKind.Utc).AddTicks(fractionTicks), t);
            Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, t);
        }

        [Theory]
        [InlineData("2025-02-30T08:00:13Z")]
        [InlineData("2025-08-01T24:00:00Z")]
        [InlineData("2025-08-01 08:00:13Z")]
        [InlineData("2025-08-01T08:00:13.12345678Z")]
        public void ImpossibleOrOtherTimestamps_AreNotParsedHere(string text)
        {
            Assert.False(ClaudeCodeLineScanner.TryParseUtcTimestamp(Encoding.ASCII.GetBytes(text), out _));
        }
    }
}
