using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;

namespace LlmCost.Core.Ingestion
{
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
            _maxLine = maxLine;
            if (offset == 0 && HasUtf8Bom(_stream)) offset = 3; // a BOM is not part of line 1
            _stream.Position = offset;
            _bufferOffset = offset;
            Position = offset;
        }

        private static bool HasUtf8Bom(FileStream stream)
        {
            var head = new byte[3];
            int n = 0;
            while (n < 3)
            {
                int read = stream.Read(head, n, 3 - n);
                if (read == 0) break;
                n += read;
            }

            return n == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
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
