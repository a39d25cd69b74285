using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmCost.Core.Queries;
using LlmCost.Core.Time;

namespace LlmCost.Core.Storage
{
    /// <summary>
    /// Turns the summed rows an engine reads (one per key values and time bucket) into the groups of a query: which
    /// calendar period in the query's time zone a bucket falls in, what makes a group distinct, its display key, its
    /// share of the total, and the order. Every engine's reader gives its rows here, so all answer alike.
    /// </summary>
    internal sealed class CostGroupBuilder
    {
        private readonly IReadOnlyList<CostGrouping> _keys;
        private readonly CostGrouping? _period;
        private readonly TimeZoneInfo _tz;
        private readonly Dictionary<string, CostGroup> _groups = new Dictionary<string, CostGroup>(StringComparer.Ordinal);
        private readonly Dictionary<long, (string Text, DateTime Local, DateTime Utc)> _periods = new Dictionary<long, (string, DateTime, DateTime)>();
        private readonly List<string?> _tags = new List<string?>();
        private long _totalCost;

        public CostGroupBuilder(IReadOnlyList<CostGrouping> keys, TimeZoneInfo tz)
        {
            _keys = keys;
            _tz = tz;
            foreach (var k in keys) if (CostGroupings.IsCalendarPeriod(k)) _period = k;
        }

        /// <summary>The calendar period asked for (day, week, month, hour), if any.</summary>
        public CostGrouping? Period => _period;

        /// <summary>
        /// Adds one summed row. <paramref name="bucketMs"/> is any instant inside the row's time bucket (Unix ms) when
        /// the query groups by a period; <paramref name="encodedTags"/> the stored tags text when it groups by tag.
        /// A row can count no requests and still carry cost (a bucket that gained and lost the same moved requests):
        /// every row counts; groups that end with no requests are dropped by <see cref="Finish"/>.
        /// </summary>
        public void Add(long? bucketMs, string? session, string? provider, string? model, string? encodedTags, CostTotals totals)
        {
            _totalCost = checked(_totalCost + totals.CostNano);
            (string Text, DateTime Local, DateTime Utc)? when = null;
            if (bucketMs.HasValue && _period.HasValue)
            {
                if (!_periods.TryGetValue(bucketMs.Value, out var p))
                {
                    var (local, utc) = CalendarPeriods.Start(UnixMs.ToUtc(bucketMs.Value), _period.Value, _tz);
                    string text = _period == CostGrouping.Month
                        ? local.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                        : _period == CostGrouping.Hour
                            ? local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture)
                            : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    _periods[bucketMs.Value] = p = (text, local, utc);
                }

                when = p;
            }

            _tags.Clear();
            if (_keys.Contains(CostGrouping.Tag))
            {
                _tags.AddRange(StoredTags.Decode(encodedTags));
                if (_tags.Count == 0) _tags.Add("");
            }
            else
            {
                _tags.Add(null);
            }

            foreach (var tag in _tags)
            {
                string id = GroupId(when?.Text, session, provider, model, tag);
                if (!_groups.TryGetValue(id, out var g))
                {
                    _groups[id] = g = new CostGroup
                    {
                        Groupings = _keys,
                        Key = DisplayKey(when?.Text, session, provider, model, tag),
                        PeriodStart = when?.Local,
                        PeriodStartUtc = when?.Utc,
                        SessionId = session,
                        Provider = provider,
                        Model = model,
                        Tag = tag,
                    };
                }

                g.Totals.Add(totals);
            }
        }

        /// <summary>The groups with requests, each with its share of the cost; by period, else by cost (largest first).</summary>
        public IReadOnlyList<CostGroup> Finish()
        {
            // A group can net to no requests (a day whose every hour was moved to the next local day).
            foreach (var empty in _groups.Where(kv => kv.Value.Totals.Requests == 0).Select(kv => kv.Key).ToList()) _groups.Remove(empty);
            foreach (var g in _groups.Values)
            {
                g.Share = _totalCost == 0 ? (decimal?)null : g.Totals.CostNano / (decimal)_totalCost;
            }

            IEnumerable<CostGroup> ordered = _period != null
                ? _groups.Values.OrderBy(g => g.PeriodStartUtc).ThenByDescending(g => g.Totals.CostNano).ThenBy(g => g.Key, StringComparer.Ordinal)
                : _groups.Values.OrderByDescending(g => g.Totals.CostNano).ThenBy(g => g.Provider, StringComparer.Ordinal).ThenBy(g => g.Key, StringComparer.Ordinal);
            return ordered.ToList();
        }

        /// <summary>What makes a group distinct (a model is only the same model under the same provider).</summary>
        private string GroupId(string? period, string? session, string? provider, string? model, string? tag)
        {
            if (_keys.Count == 1 && _keys[0] != CostGrouping.Model)
            {
                return (_keys[0] switch { CostGrouping.Session => session, CostGrouping.Provider => provider, CostGrouping.Tag => tag, _ => period }) ?? "";
            }

            var sb = new StringBuilder();
            foreach (var k in _keys)
            {
                sb.Append(k switch
                {
                    CostGrouping.Session => session,
                    CostGrouping.Model => provider + "/" + model,
                    CostGrouping.Provider => provider,
                    CostGrouping.Tag => tag,
                    _ => period,
                }).Append('\u0001');
            }

            return sb.ToString();
        }

        /// <summary>The key people read: each key's value in the order asked (a model without its provider, which has its own column).</summary>
        private string DisplayKey(string? period, string? session, string? provider, string? model, string? tag)
        {
            var values = new List<string>();
            foreach (var k in _keys)
            {
                values.Add(k switch
                {
                    CostGrouping.Session => session,
                    CostGrouping.Model => model,
                    CostGrouping.Provider => provider,
                    CostGrouping.Tag => tag,
                    _ => period,
                } ?? "");
            }

            return string.Join(" | ", values);
        }
    }
}
