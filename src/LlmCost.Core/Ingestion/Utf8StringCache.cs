using System;
using System.Text.Json;

namespace LlmCost.Core.Ingestion
{
    /// <summary>
    /// Session ids, model names and usage field names repeat on every line: each is turned into a string once. A few
    /// entries, compared as UTF-8 bytes, replaced round-robin when full.
    /// </summary>
    internal sealed class Utf8StringCache
    {
        private readonly byte[][] _bytes;
        private readonly string[] _prefixes;
        private readonly string[] _strings;
        private int _count;
        private int _next;

        public Utf8StringCache(int capacity)
        {
            _bytes = new byte[capacity][];
            _prefixes = new string[capacity];
            _strings = new string[capacity];
        }

        /// <summary><paramref name="prefix"/> + the reader's current string or property name.</summary>
        public string Get(ref Utf8JsonReader reader, string prefix)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped) return prefix + reader.GetString();
            var span = reader.ValueSpan;
            for (int i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_prefixes[i], prefix) && span.SequenceEqual(_bytes[i])) return _strings[i];
            }

            string value = prefix + reader.GetString();
            _bytes[_next] = span.ToArray();
            _prefixes[_next] = prefix;
            _strings[_next] = value;
            _next = (_next + 1) % _bytes.Length;
            if (_count < _bytes.Length) _count++;
            return value;
        }
    }
}
