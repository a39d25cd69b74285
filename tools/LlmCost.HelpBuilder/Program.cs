using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace LlmCost.HelpBuilder
{
    /// <summary>
    /// Builds MAML help (en-US/LlmCost.PowerShell.dll-Help.xml) for the binary module from docs/cmdlets/*.md and the
    /// cmdlets' own metadata (parameter types, sets, pipeline input, output types). Fails when a cmdlet or a parameter
    /// has no text, or a cmdlet has no example.
    /// Usage: LlmCost.HelpBuilder MODULE_DIR DOCS_CMDLETS_DIR
    /// </summary>
    internal static class Program
    {
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private static readonly HashSet<string> Common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

        private static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: LlmCost.HelpBuilder MODULE_DIR DOCS_CMDLETS_DIR");
                return 2;
            }

            string moduleDir = Path.GetFullPath(args[0]);
            string docsDir = Path.GetFullPath(args[1]);
            var assembly = Assembly.LoadFrom(Path.Combine(moduleDir, "LlmCost.PowerShell.dll"));
            var cmdlets = assembly.GetTypes()
                .Select(t => (Type: t, Attr: t.GetCustomAttribute<CmdletAttribute>()))
                .Where(x => x.Attr != null && !x.Type.IsAbstract)
                .OrderBy(x => x.Attr!.VerbName + "-" + x.Attr.NounName, StringComparer.Ordinal)
                .ToList();

            var problems = new List<string>();
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
            string outDir = Path.Combine(moduleDir, "en-US");
            Directory.CreateDirectory(outDir);
            string outFile = Path.Combine(outDir, "LlmCost.PowerShell.dll-Help.xml");
            string tmpFile = outFile + ".tmp";
            using (var w = XmlWriter.Create(tmpFile, settings))
            {
                w.WriteStartDocument();
                w.WriteStartElement("helpItems", "http://msh");
                w.WriteAttributeString("schema", "maml");
                foreach (var (type, attr) in cmdlets)
                {
                    string name = attr!.VerbName + "-" + attr.NounName;
                    string mdPath = Path.Combine(docsDir, name + ".md");
                    if (!File.Exists(mdPath))
                    {
                        problems.Add($"{name}: no help file {mdPath}");
                        continue;
                    }

                    var doc = MarkdownHelp.Parse(File.ReadAllText(mdPath), mdPath);
                    WriteCommand(w, type, attr, name, doc, problems);
                }

                w.WriteEndElement();
                w.WriteEndDocument();
            }

            foreach (var p in problems) Console.Error.WriteLine("help: error: " + p);
            if (problems.Count > 0)
            {
                File.Delete(tmpFile);
                return 1;
            }

            File.Move(tmpFile, outFile, overwrite: true);
            Console.WriteLine($"help: {cmdlets.Count} cmdlets -> {outFile}");
            return 0;
        }

        private sealed class Param
        {
            public string Name = "";
            public Type Type = typeof(object);
            public List<(string Set, ParameterAttribute Attr)> Sets = new List<(string, ParameterAttribute)>();
            public string[] Aliases = Array.Empty<string>();
            /// <summary>The value a new cmdlet object holds, shown as the default in Get-Help (null: none worth showing).</summary>
            public string? Default;
        }

        private static List<Param> Parameters(Type type)
        {
            var list = new List<Param>();
            object? instance = null;
            try
            {
                instance = Activator.CreateInstance(type);
            }
            catch (Exception)
            {
                // No defaults for a cmdlet that cannot be made without a pipeline.
            }

            foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var attrs = prop.GetCustomAttributes<ParameterAttribute>().ToList();
                if (attrs.Count == 0) continue;
                list.Add(new Param
                {
                    Name = prop.Name,
                    Type = prop.PropertyType,
                    Sets = attrs.Select(a => (a.ParameterSetName, a)).ToList(),
                    Aliases = prop.GetCustomAttribute<AliasAttribute>()?.AliasNames.ToArray() ?? Array.Empty<string>(),
                    Default = instance == null ? null : DefaultText(prop.GetValue(instance)),
                });
            }

            return list;
        }

        private static string? DefaultText(object? value) => value switch
        {
            null => null,
            SwitchParameter _ => null,
            string text when text.Length == 0 => null,
            Array a when a.Length == 0 => null,
            Array a => string.Join(", ", a.Cast<object>()),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };

        private static string TypeName(Type t)
        {
            var u = Nullable.GetUnderlyingType(t) ?? t;
            return u == typeof(SwitchParameter) ? "SwitchParameter" : u.IsArray ? u.GetElementType()!.Name + "[]" : u.Name;
        }

        private static void WriteCommand(XmlWriter w, Type type, CmdletAttribute attr, string name, MarkdownHelp doc, List<string> problems)
        {
            if (string.IsNullOrWhiteSpace(doc.Synopsis)) problems.Add($"{name}: no synopsis");
            if (doc.Examples.Count == 0) problems.Add($"{name}: no example");
            var parameters = Parameters(type);
            foreach (var p in parameters.Where(p => !doc.Parameters.ContainsKey(p.Name)))
            {
                problems.Add($"{name}: parameter -{p.Name} has no help");
            }

            w.WriteStartElement("command", "command", Command);
            w.WriteAttributeString("xmlns", "maml", null, Maml);
            w.WriteAttributeString("xmlns", "dev", null, Dev);
            w.WriteStartElement("command", "details", Command);
            w.WriteElementString("command", "name", Command, name);
            w.WriteElementString("command", "verb", Command, attr.VerbName);
            w.WriteElementString("command", "noun", Command, attr.NounName);
            w.WriteStartElement("maml", "description", Maml);
            Para(w, doc.Synopsis);
            w.WriteEndElement();
            w.WriteEndElement();

            w.WriteStartElement("maml", "description", Maml);
            foreach (var para in Paragraphs(doc.Description)) Para(w, para);
            w.WriteEndElement();

            // Syntax: one item per parameter set.
            var setNames = parameters.SelectMany(p => p.Sets.Select(s => s.Set)).Where(s => s != ParameterAttribute.AllParameterSets).Distinct().ToList();
            if (setNames.Count == 0) setNames.Add(ParameterAttribute.AllParameterSets);
            w.WriteStartElement("command", "syntax", Command);
            foreach (var set in setNames)
            {
                w.WriteStartElement("command", "syntaxItem", Command);
                w.WriteElementString("maml", "name", Maml, name);
                foreach (var p in parameters)
                {
                    var a = p.Sets.FirstOrDefault(s => s.Set == set || s.Set == ParameterAttribute.AllParameterSets).Attr;
                    if (a == null) continue;
                    WriteParameter(w, p, a, doc, includeDescription: false);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", Command);
            foreach (var p in parameters) WriteParameter(w, p, p.Sets[0].Attr, doc, includeDescription: true);
            w.WriteEndElement();

            w.WriteStartElement("command", "inputTypes", Command);
            foreach (var p in parameters.Where(p => p.Sets.Any(s => s.Attr.ValueFromPipeline || s.Attr.ValueFromPipelineByPropertyName)))
            {
                w.WriteStartElement("command", "inputType", Command);
                w.WriteStartElement("dev", "type", Dev);
                w.WriteElementString("maml", "name", Maml, TypeName(p.Type));
                w.WriteEndElement();
                w.WriteStartElement("maml", "description", Maml);
                Para(w, p.Sets.Any(s => s.Attr.ValueFromPipeline) ? $"-{p.Name} from the pipeline." : $"-{p.Name} by property name from the pipeline.");
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteStartElement("command", "returnValues", Command);
            foreach (var ot in type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type))
            {
                w.WriteStartElement("command", "returnValue", Command);
                w.WriteStartElement("dev", "type", Dev);
                w.WriteElementString("maml", "name", Maml, ot.Name);
                w.WriteEndElement();
                w.WriteStartElement("maml", "description", Maml);
                Para(w, doc.Outputs.Length > 0 ? doc.Outputs : ot.Name);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();

            if (doc.Notes.Length > 0)
            {
                w.WriteStartElement("maml", "alertSet", Maml);
                w.WriteStartElement("maml", "alert", Maml);
                foreach (var para in Paragraphs(doc.Notes)) Para(w, para);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteStartElement("command", "examples", Command);
            foreach (var ex in doc.Examples)
            {
                w.WriteStartElement("command", "example", Command);
                w.WriteElementString("maml", "title", Maml, "-------------------------- " + ex.Title + " --------------------------");
                w.WriteElementString("dev", "code", Dev, ex.Code);
                w.WriteStartElement("dev", "remarks", Dev);
                foreach (var para in Paragraphs(ex.Remarks)) Para(w, para);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        private static void WriteParameter(XmlWriter w, Param p, ParameterAttribute a, MarkdownHelp doc, bool includeDescription)
        {
            bool isSwitch = (Nullable.GetUnderlyingType(p.Type) ?? p.Type) == typeof(SwitchParameter);
            w.WriteStartElement("command", "parameter", Command);
            w.WriteAttributeString("required", a.Mandatory ? "true" : "false");
            w.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
            w.WriteAttributeString("globbing", doc.Parameters.TryGetValue(p.Name, out var about) && about.IndexOf("wildcard", StringComparison.OrdinalIgnoreCase) >= 0 ? "true" : "false");
            w.WriteAttributeString("pipelineInput", a.ValueFromPipeline ? "True (ByValue)" : a.ValueFromPipelineByPropertyName ? "True (ByPropertyName)" : "False");
            w.WriteAttributeString("position", a.Position >= 0 ? a.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named");
            w.WriteAttributeString("aliases", p.Aliases.Length > 0 ? string.Join(", ", p.Aliases) : "none");
            w.WriteElementString("maml", "name", Maml, p.Name);
            if (includeDescription)
            {
                w.WriteStartElement("maml", "description", Maml);
                foreach (var para in Paragraphs(doc.Parameters.TryGetValue(p.Name, out var text) ? text : "")) Para(w, para);
                w.WriteEndElement();
            }

            if (!isSwitch)
            {
                w.WriteStartElement("command", "parameterValue", Command);
                w.WriteAttributeString("required", "true");
                w.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
                w.WriteString(TypeName(p.Type));
                w.WriteEndElement();
            }

            w.WriteStartElement("dev", "type", Dev);
            w.WriteElementString("maml", "name", Maml, TypeName(p.Type));
            w.WriteEndElement();
            if (p.Default != null) w.WriteElementString("dev", "defaultValue", Dev, p.Default);
            w.WriteEndElement();
        }

        private static IEnumerable<string> Paragraphs(string text) =>
            Regex.Split(text.Trim(), @"\r?\n\s*\r?\n").Select(p => Regex.Replace(p.Trim(), @"\s*\r?\n\s*", " ")).Where(p => p.Length > 0);

        private static void Para(XmlWriter w, string text) => w.WriteElementString("maml", "para", Maml, text);
    }

    /// <summary>
    /// The help markdown: "# Name", then "## Synopsis", "## Description", "## Parameters" with "### -Name" entries,
    /// "## Examples" with "### Title" entries holding a fenced code block and remarks, "## Outputs", "## Notes".
    /// </summary>
    internal sealed class MarkdownHelp
    {
        public string Synopsis = "";
        public string Description = "";
        public string Outputs = "";
        public string Notes = "";
        public Dictionary<string, string> Parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public List<(string Title, string Code, string Remarks)> Examples = new List<(string, string, string)>();

        public static MarkdownHelp Parse(string md, string path)
        {
            var help = new MarkdownHelp();
            string? section = null;
            string? sub = null;
            var buffer = new StringBuilder();

            void Flush()
            {
                string text = buffer.ToString().Trim();
                buffer.Clear();
                switch (section)
                {
                    case "synopsis": help.Synopsis = text; break;
                    case "description": help.Description = text; break;
                    case "outputs": help.Outputs = text; break;
                    case "notes": help.Notes = text; break;
                    case "parameters" when sub != null: help.Parameters[sub.TrimStart('-')] = text; break;
                    case "examples" when sub != null:
                        var m = Regex.Match(text, "```[a-z]*\\r?\\n(.*?)\\r?\\n```", RegexOptions.Singleline);
                        if (!m.Success) throw new InvalidDataException($"{path}: example '{sub}' has no code block");
                        help.Examples.Add((sub, m.Groups[1].Value.Trim(), text.Substring(m.Index + m.Length).Trim()));
                        break;
                }
            }

            foreach (var line in md.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    Flush();
                    section = line.Substring(3).Trim().ToLowerInvariant();
                    sub = null;
                }
                else if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    Flush();
                    sub = line.Substring(4).Trim();
                }
                else if (line.StartsWith("# ", StringComparison.Ordinal))
                {
                    continue;
                }
                else
                {
                    buffer.Append(line).Append('\n');
                }
            }

            Flush();
            return help;
        }
    }
}
