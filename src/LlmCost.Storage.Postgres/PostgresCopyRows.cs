using System;
using System.Buffers;
using System.Buffers.Binary;
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

        /// <summary>The whole COPY data: header, rows, trailer.</summary>
        public void WriteTo(Stream copy)
        {
            copy.Write(Header, 0, Header.Length);
            copy.Write(_buffer, 0, _length);
            copy.Write(Trailer, 0, Trailer.Length);
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
