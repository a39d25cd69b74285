using System;
using System.Text;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// The last text a column gave, kept with its bytes: rows read in storage order repeat provider, model, session and
    /// tags for long runs, so an equal column gives back the same string instead of a new one. Optimisation of
    /// re-pricing's read (docs/benchmarks.md, "Re-pricing"): a million rows would otherwise make millions of strings.
    /// </summary>
    internal sealed class RepeatedText
    {
        private byte[] _bytes = Array.Empty<byte>();
        private string _text = "";

        public string Of(ReadOnlySpan<byte> utf8)
        {
            if (utf8.SequenceEqual(_bytes)) return _text;
            _bytes = utf8.ToArray();
            _text = Encoding.UTF8.GetString(_bytes);
            return _text;
        }
    }
}
