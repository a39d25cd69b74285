using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LlmCost.Core.Pricing;

namespace LlmCost.Storage.Postgres
{
    /// <summary>
    /// Request rows already in PostgreSQL's binary COPY format (<see cref="PostgresRequestWriter.Columns"/>, the columns
    /// of request_costs and of the bulk writer's staging table), encoded as they are added.
    /// Optimisation (docs/benchmarks.md, "Team store"): Npgsql's importer bound and wrote every value through a
    /// parameter object (a fifth of the client's time), and the requests waiting in batches were most of what the
    /// collector had to trace; bytes in a pooled buffer cost neither.
    /// The rows are written in one order for every writer (<see cref="RowOrder"/>): two hosts importing the same new
    /// requests at once then take the request key's index entries in the same order, and one waits for the other
    /// instead of both waiting for each other (a deadlock, found by the contract test of concurrent bulk writers).
    /// </summary>
    internal sealed class PostgresCopyRows : IDisposable
    {
        /// <summary>"PGCOPY\n\377\r\n\0", no flags, no header extension (PostgreSQL's COPY documentation, binary format).</summary>
        private static readonly byte[] Header = { (byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0 };

        /// <summary>A field count of -1 ends the data.</summary>
        private static readonly byte[] Trailer = { 0xFF, 0xFF };

        /// <summary>The 23 request columns.</summary>
        private const short Fields = 23;

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _length;

        /// <summary>A row's place in the buffer and its sort fields: session_id's and request_key's bytes, occurred_at.</summary>
        private struct RowAt
        {
            public int Start;
            public int Length;
            public int KeyAt;
            public int KeyLength;
            /// <summary>-1: no session (NULL, sorted last, as PostgreSQL sorts NULLs in ascending order).</summary>
            public int SessionAt;
            public int SessionLength;
            public long OccurredAt;
        }

        public int Count { get; private set; }

        /// <summary>The rows without a cost (unpriced).</summary>
        public int Unpriced { get; private set; }

        /// <summary>Appends a request; <paramref name="now"/> is its recorded_at.</summary>
        /// <remarks>A request that cannot be encoded (text that is not valid Unicode) throws and leaves nothing of itself behind.</remarks>
        public void Add(PricedRequest request, long now)
        {
            int start = _length;
            try
            {
                Int16(Fields);
                var values = new Values(this);
                PostgresRequestWriter.Row(request, now, ref values);
            }
            catch (Exception)
            {
                _length = start;
                throw;
            }

            Count++;
            if (request.CostNano == null) Unpriced++;
        }

        /// <summary>Appends the rows of another buffer after these.</summary>
        public void AddRange(PostgresCopyRows other)
        {
            Ensure(other._length);
            other._buffer.AsSpan(0, other._length).CopyTo(_buffer.AsSpan(_length));
            _length += other._length;
            Count += other.Count;
            Unpriced += other.Unpriced;
        }

        /// <summary>
        /// The whole COPY data: header, rows, trailer. The rows in the order they were added (for the staging table,
        /// which numbers them as read: that picks which copy of a key stays), or <paramref name="inRowOrder"/> in
        /// <see cref="RowOrder"/> (for a plain COPY into request_costs, where a key twice fails anyway).
        /// </summary>
        public void WriteTo(Stream copy, bool inRowOrder = false)
        {
            if (!inRowOrder)
            {
                copy.Write(Header, 0, Header.Length);
                copy.Write(_buffer, 0, _length);
                copy.Write(Trailer, 0, Trailer.Length);
                return;
            }

            // Optimisation (docs/benchmarks.md, "One row order for all writers"): the rows' places are found when
            // sorting, in an array from the pool, and the sorted rows go out through a small pooled buffer, not a
            // second copy of the batch (a list kept per batch and that copy took peak RSS 53 -> 78 MB).
            int count = Count;
            var rows = ArrayPool<RowAt>.Shared.Rent(Math.Max(count, 1));
            var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int start = 0;
                for (int i = 0; i < count; i++)
                {
                    rows[i] = Locate(start);
                    start += rows[i].Length;
                }

                var buffer = _buffer;
                Array.Sort(rows, 0, count, Comparer<RowAt>.Create((x, y) => Compare(buffer, x, y)));

                copy.Write(Header, 0, Header.Length);
                int at = 0;
                for (int i = 0; i < count; i++)
                {
                    var row = rows[i];
                    if (row.Length > chunk.Length - at)
                    {
                        copy.Write(chunk, 0, at);
                        at = 0;
                        if (row.Length > chunk.Length)
                        {
                            copy.Write(_buffer, row.Start, row.Length);
                            continue;
                        }
                    }

                    Buffer.BlockCopy(_buffer, row.Start, chunk, at, row.Length);
                    at += row.Length;
                }

                copy.Write(chunk, 0, at);
                copy.Write(Trailer, 0, Trailer.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
                ArrayPool<RowAt>.Shared.Return(rows);
            }
        }

        /// <summary>
        /// The order every writer sends rows in, and the merge inserts them in: session_id's bytes (NULL last), then
        /// occurred_at, then request_key's bytes. UTF-8 bytes compared unsigned is PostgreSQL's COLLATE "C" order, which
        /// the merge names (<see cref="PostgresBulkWriter"/>). By session and time, the session index is written page
        /// by page instead of at random.
        /// </summary>
        internal const string RowOrder = "session_id COLLATE \"C\", occurred_at, request_key COLLATE \"C\"";

        private static int Compare(byte[] buffer, RowAt x, RowAt y)
        {
            if (x.SessionAt < 0 || y.SessionAt < 0)
            {
                if (x.SessionAt >= 0) return -1;
                if (y.SessionAt >= 0) return 1;
            }
            else
            {
                int c = buffer.AsSpan(x.SessionAt, x.SessionLength).SequenceCompareTo(buffer.AsSpan(y.SessionAt, y.SessionLength));
                if (c != 0) return c;
            }

            int t = x.OccurredAt.CompareTo(y.OccurredAt);
            return t != 0 ? t : buffer.AsSpan(x.KeyAt, x.KeyLength).SequenceCompareTo(buffer.AsSpan(y.KeyAt, y.KeyLength));
        }

        /// <summary>The row that starts at <paramref name="start"/>: its length, and its first, third and fourth fields (request_key, session_id, occurred_at).</summary>
        private RowAt Locate(int start)
        {
            var row = new RowAt { Start = start };
            int at = start + 2; // past the field count
            for (int field = 0; field < Fields; field++)
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(at));
                at += 4;
                if (field == 0)
                {
                    (row.KeyAt, row.KeyLength) = (at, length);
                }
                else if (field == 2)
                {
                    (row.SessionAt, row.SessionLength) = (length < 0 ? -1 : at, length);
                }
                else if (field == 3)
                {
                    row.OccurredAt = BinaryPrimitives.ReadInt64BigEndian(_buffer.AsSpan(at));
                }

                at += Math.Max(length, 0);
            }

            row.Length = at - start;
            return row;
        }

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = Array.Empty<byte>();
            _length = 0;
            Count = 0;
            Unpriced = 0;
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        private void Int16(short value)
        {
            Ensure(2);
            BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), value);
            _length += 2;
        }

        /// <summary>A field: its length, then its bytes (length -1: NULL).</summary>
        private Span<byte> Field(int length)
        {
            Ensure(4 + length);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), length);
            var field = _buffer.AsSpan(_length + 4, length);
            _length += 4 + length;
            return field;
        }

        private void Null()
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
            _length += 4;
        }

        /// <summary>The columns' binary forms: text as UTF-8, bigint and float8 as 8 bytes big-endian, boolean as one byte.</summary>
        private readonly struct Values : PostgresRequestWriter.IRowValues
        {
            private readonly PostgresCopyRows _rows;

            public Values(PostgresCopyRows rows)
            {
                _rows = rows;
            }

            public void Text(string? value)
            {
                if (value == null)
                {
                    _rows.Null();
                    return;
                }

                // Invalid text (a lone surrogate) throws, as Npgsql's own encoder did, instead of being changed.
                StrictUtf8.GetBytes(value, _rows.Field(StrictUtf8.GetByteCount(value)));
            }

            public void Bigint(long? value)
            {
                if (value.HasValue) BinaryPrimitives.WriteInt64BigEndian(_rows.Field(8), value.Value);
                else _rows.Null();
            }

            public void Boolean(bool value) => _rows.Field(1)[0] = value ? (byte)1 : (byte)0;

            public void Double(double? value)
            {
                if (value.HasValue) BinaryPrimitives.WriteInt64BigEndian(_rows.Field(8), BitConverter.DoubleToInt64Bits(value.Value));
                else _rows.Null();
            }
        }
    }
}
