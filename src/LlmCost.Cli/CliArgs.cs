using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LlmCost.Cli
{
    /// <summary>Minimal "--name value" / "--flag" parser; unknown options are errors.</summary>
    internal sealed class CliArgs
    {
        private readonly Dictionary<string, List<string>> _options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.Ordinal);

        public CliArgs(IEnumerable<string> args, ISet<string> flags)
        {
            foreach (var a in Split(args))
            {
                if (a.Name == null)
                {
                    Positional.Add(a.Value!);
                    continue;
                }

                if (!_options.TryGetValue(a.Name, out var list)) _options[a.Name] = list = new List<string>();
                if (flags.Contains(a.Name))
                {
                    if (a.Value != null) throw new UsageException($"--{a.Name} takes no value.");
                    list.Add("true");
                }
                else
                {
                    list.Add(a.Value ?? throw new UsageException($"--{a.Name} needs a value."));
                }
            }
        }

        public List<string> Positional { get; } = new List<string>();

        private static IEnumerable<(string? Name, string? Value)> Split(IEnumerable<string> args)
        {
            var list = args.ToList();
            for (int i = 0; i < list.Count; i++)
            {
                string a = list[i];
                if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
                {
                    yield return (null, a);
                    continue;
                }

                string name = a.Substring(2);
                int eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    yield return (name.Substring(0, eq), name.Substring(eq + 1));
                }
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    yield return (name, list[++i]);
                }
                else
                {
                    yield return (name, null);
                }
            }
        }

        public bool Flag(string name)
        {
            _used.Add(name);
            return _options.ContainsKey(name);
        }

        public string? Get(string name)
        {
            _used.Add(name);
            if (!_options.TryGetValue(name, out var list)) return null;
            if (list.Count > 1) throw new UsageException($"--{name} was given more than once.");
            return list[0];
        }

        public IReadOnlyList<string> GetAll(string name)
        {
            _used.Add(name);
            return _options.TryGetValue(name, out var list)
                ? list.SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList()
                : new List<string>();
        }

        /// <summary>Every value of a repeatable, comma-separated option naming members of <typeparamref name="T"/> (any case).</summary>
        public IReadOnlyList<T> GetEnums<T>(string name) where T : struct, Enum =>
            GetAll(name).Select(v => Enum.TryParse<T>(v, true, out var value) && Enum.IsDefined(typeof(T), value)
                ? value
                : throw new UsageException($"--{name} '{v}' is not one of {string.Join(", ", Enum.GetNames(typeof(T)))}.")).ToList();

        public string Require(string name) => Get(name) ?? throw new UsageException($"--{name} is required.");

        /// <summary>A whole number that must be given (the help shows it without brackets).</summary>
        public long RequireLong(string name)
        {
            if (Get(name) == null) throw new UsageException($"--{name} is required.");
            return GetLong(name);
        }

        public long GetLong(string name, long defaultValue = 0)
        {
            string? v = Get(name);
            if (v == null) return defaultValue;
            if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            {
                throw new UsageException($"--{name} must be a whole number, got '{v}'.");
            }

            return n;
        }

        public decimal? GetDecimal(string name)
        {
            string? v = Get(name);
            if (v == null) return null;
            if (!decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal d))
            {
                throw new UsageException($"--{name} must be a number, got '{v}'.");
            }

            return d;
        }

        /// <summary>A time: with an offset or Z, that instant; without, UTC.</summary>
        public DateTime? GetTime(string name) => GetTimeIn(name, null);

        /// <summary>A range bound: with an offset or Z, that instant; without, a wall time in <paramref name="zone"/> (UTC when null), as the cmdlets read it.</summary>
        public DateTime? GetTimeIn(string name, TimeZoneInfo? zone)
        {
            string? v = Get(name);
            if (v == null) return null;
            var t = Core.Time.TimeInput.Parse(v) ?? throw new UsageException($"--{name} must be a date or time such as 2025-06-01 or 2025-06-01T12:00:00Z, got '{v}'.");
            return Core.Time.TimeInput.ToUtc(t, zone);
        }

        /// <summary>Fails on options the command did not read (typos).</summary>
        public void EnsureAllUsed()
        {
            var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
            if (unknown.Count > 0) throw new UsageException("Unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)) + ".");
        }
    }
}
