using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using LlmCost.Core.Pricing;
using LlmCost.Core.Usage;
using LlmCost.Storage.Postgres;

namespace LlmCost.Core.Tests.StoreContract
{
    /// <summary>The team store's COPY encoder on its own: the byte layout PostgreSQL's binary COPY format documents.</summary>
    public sealed class PostgresCopyRowsTests
    {
        private static PricedRequest Request(string session) => new PricedRequest
        {
            Record = new UsageRecord("acme", "m1", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), new TokenUsage(7, 9)),
            RequestKey = "acme:k", Provider = "acme", Model = "m1", SessionId = session, OccurredAtUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), Tokens = new TokenUsage(7, 9), Status = PricingStatus.Unpriced,
        };

        private static byte[] Bytes(PostgresCopyRows rows)
        {
            using var stream = new MemoryStream();
            rows.WriteTo(stream);
            return stream.ToArray();
        }

        [Fact]
        public void ARow_IsItsFieldCountThenLengthPrefixedBigEndianFields()
        {
            using var rows = new PostgresCopyRows();
            rows.Add(Request("s"), now: 1);
            byte[] bytes = Bytes(rows);
            // 11-byte signature, 4-byte flags, 4-byte extension length; then the row; then -1 as a 2-byte field count.
            Assert.Equal("PGCOPY\n", Encoding.ASCII.GetString(bytes, 0, 7));
            Assert.Equal(new byte[] { 0xFF, (byte)'\r', (byte)'\n', 0 }, bytes[7..11]);
            int at = 19;
            Assert.Equal(23, BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(at)));
            // request_key: length 6, "acme:k"; provider_request_id: NULL (-1); session_id: length 1, "s".
            Assert.Equal(6, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 2)));
            Assert.Equal("acme:k", Encoding.UTF8.GetString(bytes, at + 6, 6));
            Assert.Equal(-1, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 12)));
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 16)));
            Assert.Equal((byte)'s', bytes[at + 20]);
            // occurred_at: length 8, 2025-01-01T00:00Z = 1,735,689,600,000 ms.
            Assert.Equal(8, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 21)));
            Assert.Equal(1_735_689_600_000L, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(at + 25)));
            Assert.Equal(new byte[] { 0xFF, 0xFF }, bytes[^2..]);
        }

        [Fact]
        public void ARequestThatCannotBeEncoded_LeavesNothingBehind()
        {
            using var rows = new PostgresCopyRows();
            rows.Add(Request("s"), now: 1);
            int before = Bytes(rows).Length;
            // A lone surrogate is not Unicode text: it throws after the row's first fields were written.
            Assert.ThrowsAny<ArgumentException>(() => rows.Add(Request("\ud800"), now: 1));
            Assert.Equal((1, 1, before), (rows.Count, rows.Unpriced, Bytes(rows).Length));
            rows.Add(Request("t"), now: 1);
            Assert.Equal((2, 2), (rows.Count, rows.Unpriced));
        }
    }
}
