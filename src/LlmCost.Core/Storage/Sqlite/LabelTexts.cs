using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace LlmCost.Core.Storage.Sqlite
{
    /// <summary>
    /// The texts of labels (price references, sources) by id, for reading many request rows: all read at once on first
    /// use, and a label written since (another process recording meanwhile) looked up once. Optimisation (docs/benchmarks.md,
    /// "Re-pricing"): a dictionary instead of a subquery per row (7 us a row). <see cref="LabelIds"/> is the other way round.
    /// </summary>
    internal sealed class LabelTexts
    {
        private readonly SqliteConnection _conn;
        private readonly Dictionary<long, string> _texts = new Dictionary<long, string>();
        private bool _loaded;

        public LabelTexts(SqliteConnection conn)
        {
            _conn = conn;
        }

        public string? Of(long id)
        {
            if (!_loaded)
            {
                using var all = new RawStatement(_conn, "SELECT label_id, label FROM labels");
                while (all.Read()) _texts[all.ColumnInt64(0)] = all.ColumnText(1);
                _loaded = true;
            }

            if (_texts.TryGetValue(id, out var text)) return text;
            using var one = new RawStatement(_conn, "SELECT label FROM labels WHERE label_id = ?1");
            one.Int(1, id);
            text = one.FirstText();
            if (text != null) _texts[id] = text;
            return text;
        }
    }
}
