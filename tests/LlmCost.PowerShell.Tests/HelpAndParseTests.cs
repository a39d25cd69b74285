using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LlmCost.PowerShell.Tests
{
    public sealed class HelpAndParseTests : IDisposable
    {
        private readonly ModuleHost _host = new ModuleHost();

        public void Dispose() => _host.Dispose();

        [Fact]
        public void EveryCmdletAndParameter_HasHelpWithAnExample()
        {
            var (names, _, _) = _host.Run("(Get-Command -Module LlmCost -CommandType Cmdlet).Name");
            Assert.True(names.Count >= 15);
            foreach (string name in names.Select(n => (string)n.BaseObject))
            {
                var (help, errors, _) = _host.Run("Get-Help -Name $n -Full", new System.Collections.Generic.Dictionary<string, object?> { ["n"] = name });
                Assert.Empty(errors);
                var h = Assert.Single(help);
                string synopsis = (h.Properties["Synopsis"].Value?.ToString() ?? "").Trim();
                Assert.False(string.IsNullOrEmpty(synopsis), name + ": no synopsis");
                Assert.DoesNotContain(name + " ", synopsis.Substring(0, Math.Min(synopsis.Length, name.Length + 1))); // not the auto-generated syntax line

                var examples = ((PSObject?)h.Properties["examples"]?.Value)?.Properties["example"]?.Value;
                int exampleCount = examples is object[] arr ? arr.Length : examples != null ? 1 : 0;
                Assert.True(exampleCount >= 1, name + ": no example");

                var (parameters, _, _) = _host.Run("(Get-Command $n).Parameters.Keys", new System.Collections.Generic.Dictionary<string, object?> { ["n"] = name });
                var common = new[] { "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm" };
                foreach (string p in parameters.Select(o => (string)o.BaseObject).Where(p => !common.Contains(p)))
                {
                    var (desc, _, _) = _host.Run("((Get-Help -Name $n -Parameter $p).description | ForEach-Object Text) -join ' '",
                        new System.Collections.Generic.Dictionary<string, object?> { ["n"] = name, ["p"] = p });
                    Assert.False(string.IsNullOrWhiteSpace(desc.SingleOrDefault()?.BaseObject as string), $"{name} -{p}: no help text");
                }
            }
        }

        [Fact]
        public void EveryPowerShellFileInTheRepo_Parses()
        {
            var files = Directory.EnumerateFiles(ModuleHost.RepoRoot, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                            && !f.Contains(Path.DirectorySeparatorChar + "out" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar))
                .ToList();
            Assert.Contains(files, f => f.EndsWith("build.ps1", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("LlmCost.psd1", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith(".Tests.ps1", StringComparison.Ordinal));
            foreach (var file in files)
            {
                Parser.ParseFile(file, out _, out ParseError[] errors);
                Assert.True(errors.Length == 0, file + ": " + string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
            }
        }

        [Fact]
        public void Manifest_ExportsExactlyTheModulesCmdlets()
        {
            var (exported, _, _) = _host.Run("(Get-Module LlmCost).ExportedCmdlets.Keys");
            var ast = Parser.ParseFile(_host.ModulePath, out _, out _);
            var data = (System.Collections.Hashtable)((HashtableAst)ast.Find(a => a is HashtableAst, false)!).SafeGetValue();
            var declared = ((object[])data["CmdletsToExport"]!).Cast<string>().OrderBy(x => x).ToList();
            Assert.Equal(declared, exported.Select(o => (string)o.BaseObject).OrderBy(x => x));
            Assert.Equal(32, declared.Count);
        }
    }
}
