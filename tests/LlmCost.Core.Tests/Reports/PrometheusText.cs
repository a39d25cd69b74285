using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmCost.Core.Tests.Reports
{
    /// <summary>
    /// A strict parser of the Prometheus text exposition format (0.0.4), written for the tests from the format's
    /// description: # HELP and # TYPE lines, one TYPE per family before its samples, metric and label names
    /// [a-zA-Z_:][a-zA-Z0-9_:]*, label values in double quotes with \\, \" and \n escapes, a float value. Anything else
    /// throws, so a malformed exposition fails the test.
    /// </summary>
    internal static class PrometheusText
    {
        public static Dictionary<string, (string Type, Dictionary<string, double> Samples)> Parse(string text)
        {
            var families = new Dictionary<string, (string Type, Dictionary<string, double> Samples)>(StringComparer.Ordinal);
            int lineNo = 0;
            foreach (string line in text.Split('\n'))
            {
                lineNo++;
                if (line.Length == 0) continue;
                if (line.StartsWith("# HELP ", StringComparison.Ordinal)) continue;
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    var parts = line.Substring(7).Split(' ');
                    if (parts.Length != 2 || !IsName(parts[0])) throw new FormatException($"line {lineNo}: bad TYPE line '{line}'");
                    if (!new[] { "counter", "gauge", "histogram", "summary", "untyped" }.Contains(parts[1])) throw new FormatException($"line {lineNo}: unknown type {parts[1]}");
                    if (families.ContainsKey(parts[0])) throw new FormatException($"line {lineNo}: second TYPE for {parts[0]}");
                    families[parts[0]] = (parts[1], new Dictionary<string, double>(StringComparer.Ordinal));
                    continue;
                }

                if (line.StartsWith("#", StringComparison.Ordinal)) continue;
                int i = 0;
                while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
                string name = line.Substring(0, i);
                if (!IsName(name)) throw new FormatException($"line {lineNo}: bad metric name '{name}'");
                if (!families.TryGetValue(name, out var family)) throw new FormatException($"line {lineNo}: sample of {name} before its TYPE");
                var labels = new List<string>();
                if (i < line.Length && line[i] == '{')
                {
                    i++;
                    while (line[i] != '}')
                    {
                        int start = i;
                        while (line[i] != '=') i++;
                        string label = line.Substring(start, i - start);
                        if (!IsName(label)) throw new FormatException($"line {lineNo}: bad label name '{label}'");
                        i++;
                        if (line[i] != '"') throw new FormatException($"line {lineNo}: label value not quoted");
                        i++;
                        var value = new StringBuilder();
                        while (line[i] != '"')
                        {
                            if (line[i] == '\\')
                            {
                                i++;
                                value.Append(line[i] switch
                                {
                                    '\\' => '\\',
                                    '"' => '"',
                                    'n' => '\n',
                                    _ => throw new FormatException($"line {lineNo}: bad escape \\{line[i]}"),
                                });
                            }
                            else
                            {
                                value.Append(line[i]);
                            }

                            i++;
                        }

                        i++;
                        labels.Add(label + "=" + value);
                        if (line[i] == ',') i++;
                    }

                    i++;
                }

                if (line[i] != ' ') throw new FormatException($"line {lineNo}: no space before the value");
                string number = line.Substring(i + 1);
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) throw new FormatException($"line {lineNo}: '{number}' is not a value");
                string key = string.Join(",", labels);
                if (family.Samples.ContainsKey(key)) throw new FormatException($"line {lineNo}: duplicate sample {name}{{{key}}}");
                family.Samples[key] = v;
            }

            return families;
        }

        private static bool IsName(string s)
        {
            if (s.Length == 0 || !(char.IsLetter(s[0]) && s[0] < 128 || s[0] == '_' || s[0] == ':')) return false;
            foreach (char c in s) if (!(c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == ':'))) return false;
            return true;
        }
    }
}
