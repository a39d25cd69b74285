using System;
using System.Collections.Generic;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// Ids of labels, the texts many request rows share (price reference, source), inside the connection's open write
    /// transaction: a label not stored yet is added. Consecutive rows mostly share a label, so the last one is kept at hand.
    /// Its statements are prepared on first use: a single recorded request rarely brings a new label.
    /// </summary>
    internal sealed class LabelIds
    {
        private readonly StatementCache _statements;
        private readonly Dictionary<string, long> _ids = new Dictionary<string, long>(StringComparer.Ordinal);
        private string? _lastText;
        private long _lastId;

        public LabelIds(StatementCache statements)
        {
            _statements = statements;
        }

        public long? Id(string? text)
        {
            if (text == null) return null;
            if (ReferenceEquals(text, _lastText)) return _lastId;
            if (!_ids.TryGetValue(text, out long id))
            {
                var find = _statements.Get("SELECT label_id FROM labels WHERE label = ?1");
                find.Text(1, text);
                long? found = find.FirstInt64();
                if (found == null)
                {
                    var add = _statements.Get("INSERT INTO labels (label) VALUES (?1)");
                    add.Text(1, text);
                    add.Execute();
                    found = find.FirstInt64() ?? throw new InvalidOperationException($"The label '{text}' was not stored.");
                }

                id = found.Value;
                _ids[text] = id;
            }

            _lastText = text;
            _lastId = id;
            return id;
        }
    }
}
