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
        private static PricedRequest Request(string? session, int minute = 0, string key = "acme:k") => new PricedRequest
        {
            Record = new UsageRecord("acme", "m1", new DateTime(2025, 1, 1, 0, minute, 0, DateTimeKind.Utc), new TokenUsage(7, 9)),
            RequestKey = key, Provider = "acme", Model = "m1", SessionId = session, OccurredAtUtc = new DateTime(2025, 1, 1, 0, minute, 0, DateTimeKind.Utc), Tokens = new TokenUsage(7, 9), Status = PricingStatus.Unpriced,
        };

        private static byte[] Bytes(PostgresCopyRows rows, bool inRowOrder = false)
        {
            using var stream = new MemoryStream();
            rows.WriteTo(stream, inRowOrder);
            return stream.ToArray();
        }

        /// <summary>One request's row alone: its bytes between the 19-byte header and the 2-byte trailer.</summary>
        private static byte[] Row(PricedRequest request)
        {
            using var rows = new PostgresCopyRows();
            rows.Add(request, now: 1);
            return Bytes(rows)[19..^2];
        }

        /// <summary>The COPY data of <paramref name="requests"/> in this order, each row encoded on its own.</summary>
        private static byte[] CopyOf(System.Collections.Generic.IEnumerable<PricedRequest> requests)
        {
            using var all = new MemoryStream();
            all.Write(Bytes(new PostgresCopyRows())[..19]);
            foreach (var request in requests) all.Write(Row(request));
            all.Write(new byte[] { 0xFF, 0xFF });
            return all.ToArray();
        }

        [Fact]
        public void InRowOrder_RowsGoBySessionBytes_ThenTime_ThenKey_NoSessionLast_AndOtherwiseAsAdded()
        {
            // "B" (0x42) sorts before "a" (0x61) in byte order (COLLATE "C"), whatever a locale would say.
            var added = new[]
            {
                Request("a", 5, "k1"), Request(null, 0, "k2"), Request("B", 9, "k3"), Request("a", 1, "k5"), Request("a", 1, "k4"),
            };
            using var rows = new PostgresCopyRows();
            foreach (var r in added) rows.Add(r, now: 1);
            byte[] Expected(params int[] order) => CopyOf(System.Linq.Enumerable.Select(order, i => added[i]));

            // B 00:09; a 00:01 k4, a 00:01 k5 (same time: by key); a 00:05; no session.
            Assert.Equal(Expected(2, 4, 3, 0, 1), Bytes(rows, inRowOrder: true));
            Assert.Equal(Expected(0, 1, 2, 3, 4), Bytes(rows));
        }

        [Fact]
        public void InRowOrder_RowsBeyondOneWriteChunk_AndOneRowLargerThanAChunk_AllGoOutWholeAndInOrder()
        {
            // 2,000 rows of about 100 bytes (past the 64 KiB the sorted rows are written through) added in reverse key
            // order, and one row with an 80,000-character key (larger than that buffer) that sorts right after k01000.
            var keys = new System.Collections.Generic.List<string>();
            for (int i = 1999; i >= 0; i--) keys.Add("k" + i.ToString("D5"));
            keys.Insert(700, "k01000" + new string('x', 80_000));
            using var rows = new PostgresCopyRows();
            foreach (var key in keys) rows.Add(Request("s", 0, key), now: 1);

            var sorted = new System.Collections.Generic.List<string>(keys);
            sorted.Sort(StringComparer.Ordinal);
            Assert.Equal("k01000" + new string('x', 80_000), sorted[1001]);

            Assert.Equal(CopyOf(sorted.ConvertAll(key => Request("s", 0, key))), Bytes(rows, inRowOrder: true));
        }

        [Fact]
        public void AddRange_TheJoinedRowsSortAsOne()
        {
            // Two lanes of 300 rows each, odd keys in one and even in the other, each lane added in descending order;
            // joined, they go out as 600 rows in ascending key order.
            var odd = new System.Collections.Generic.List<string>();
            var even = new System.Collections.Generic.List<string>();
            for (int i = 599; i >= 0; i--) (i % 2 == 1 ? odd : even).Add("k" + i.ToString("D3"));
            using var first = new PostgresCopyRows();
            using var second = new PostgresCopyRows();
            foreach (var key in odd) first.Add(Request("s", 0, key), now: 1);
            foreach (var key in even) second.Add(Request("s", 0, key), now: 1);
            first.AddRange(second);

            byte[] Expected(System.Collections.Generic.IEnumerable<string> keys) => CopyOf(System.Linq.Enumerable.Select(keys, key => Request("s", 0, key)));

            var ascending = new System.Collections.Generic.List<string>();
            for (int i = 0; i < 600; i++) ascending.Add("k" + i.ToString("D3"));
            Assert.Equal(600, first.Count);
            Assert.Equal(Expected(ascending), Bytes(first, inRowOrder: true));
            Assert.Equal(Expected(System.Linq.Enumerable.Concat(odd, even)), Bytes(first));
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
