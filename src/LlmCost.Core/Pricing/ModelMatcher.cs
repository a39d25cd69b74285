using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmCost.Core.Pricing
{
    /// <summary>One clause of a model-name match rule (case-insensitive). A list of clauses is OR'ed.</summary>
    public abstract class MatchClause
    {
        public abstract bool IsMatch(string model);

        public static bool Any(IReadOnlyList<MatchClause> clauses, string model)
        {
            for (int i = 0; i < clauses.Count; i++)
            {
                if (clauses[i].IsMatch(model)) return true;
            }

            return false;
        }

        internal static IReadOnlyList<MatchClause> ParseList(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array) return Array.Empty<MatchClause>();
            return array.EnumerateArray().Select(Parse).ToArray();
        }

        internal static MatchClause Parse(JsonElement clause)
        {
            foreach (var prop in clause.EnumerateObject())
            {
                switch (prop.Name)
                {
                    case "equals": return new TextClause(prop.Value.GetString()!, (m, s) => string.Equals(m, s, StringComparison.OrdinalIgnoreCase));
                    case "startsWith": return new TextClause(prop.Value.GetString()!, (m, s) => m.StartsWith(s, StringComparison.OrdinalIgnoreCase));
                    case "endsWith": return new TextClause(prop.Value.GetString()!, (m, s) => m.EndsWith(s, StringComparison.OrdinalIgnoreCase));
                    case "contains": return new TextClause(prop.Value.GetString()!, (m, s) => m.IndexOf(s, StringComparison.OrdinalIgnoreCase) >= 0);
                    case "regex": return new RegexClause(prop.Value.GetString()!);
                    case "all": return new AllClause(ParseList(prop.Value));
                    case "any": return new AnyClause(ParseList(prop.Value));
                    case "not": return new NotClause(Parse(prop.Value));
                }
            }

            throw new LlmCostException("InvalidCatalog", "Unknown match clause in price catalog: " + clause.GetRawText());
        }

        private sealed class TextClause : MatchClause
        {
            private readonly string _text;
            private readonly Func<string, string, bool> _test;

            public TextClause(string text, Func<string, string, bool> test)
            {
                _text = text;
                _test = test;
            }

            public override bool IsMatch(string model) => _test(model, _text);
        }

        private sealed class RegexClause : MatchClause
        {
            private readonly Regex _regex;

            public RegexClause(string pattern)
            {
                _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
            }

            public override bool IsMatch(string model) => _regex.IsMatch(model);
        }

        private sealed class AllClause : MatchClause
        {
            private readonly IReadOnlyList<MatchClause> _parts;

            public AllClause(IReadOnlyList<MatchClause> parts)
            {
                _parts = parts;
            }

            public override bool IsMatch(string model) => _parts.All(p => p.IsMatch(model));
        }

        private sealed class AnyClause : MatchClause
        {
            private readonly IReadOnlyList<MatchClause> _parts;

            public AnyClause(IReadOnlyList<MatchClause> parts)
            {
                _parts = parts;
            }

            public override bool IsMatch(string model) => Any(_parts, model);
        }

        private sealed class NotClause : MatchClause
        {
            private readonly MatchClause _inner;

            public NotClause(MatchClause inner)
            {
                _inner = inner;
            }

            public override bool IsMatch(string model) => !_inner.IsMatch(model);
        }
    }
}
