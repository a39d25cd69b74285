using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LlmCost.PowerShell.Tests
{
    /// <summary>A real PowerShell engine (NuGet System.Management.Automation) with the module imported from out/LlmCost.</summary>
    public sealed class ModuleHost : IDisposable
    {
        private readonly Runspace _runspace;

        public ModuleHost()
        {
            ModulePath = Path.Combine(RepoRoot, "out", "LlmCost", "LlmCost.psd1");
            if (!File.Exists(ModulePath)) throw new InvalidOperationException("Build the module first: " + ModulePath + " is missing.");
            var iss = InitialSessionState.CreateDefault2();
            iss.ImportPSModule(new[] { ModulePath });
            _runspace = RunspaceFactory.CreateRunspace(iss);
            _runspace.Open();
        }

        public static string RepoRoot
        {
            get
            {
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d != null && !File.Exists(Path.Combine(d.FullName, "LlmCost.sln"))) d = d.Parent;
                return d?.FullName ?? throw new InvalidOperationException("LlmCost.sln not found");
            }
        }

        public string ModulePath { get; }

        /// <summary>Runs a script; returns its output and the non-terminating errors it wrote.</summary>
        public (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Warnings) Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _runspace;
            if (variables != null)
            {
                foreach (var kv in variables) _runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            }

            ps.AddScript(script);
            var output = ps.Invoke();
            return (output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList());
        }

        /// <summary>
        /// Starts a script that runs until stopped (a server): the caller reads <paramref name="output"/> as it arrives and
        /// ends it with <see cref="System.Management.Automation.PowerShell.Stop"/>, which is what Ctrl+C does.
        /// </summary>
        public System.Management.Automation.PowerShell Start(string script, IDictionary<string, object?> variables, PSDataCollection<PSObject> output,
            out IAsyncResult running)
        {
            var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _runspace;
            foreach (var kv in variables) _runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
            ps.AddScript(script);
            running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            return ps;
        }

        /// <summary>Runs a script that must end with a (statement-)terminating error; returns that error.</summary>
        public ErrorRecord RunFailing(string script, IDictionary<string, object?>? variables = null)
        {
            // catch sees terminating errors only; a non-terminating one leaves the marker instead.
            var (output, errors, _) = Run("try { " + script + "\n; 'NO-TERMINATING-ERROR' } catch { $_ }", variables);
            var record = output.Select(o => o.BaseObject).OfType<ErrorRecord>().FirstOrDefault();
            if (record == null)
            {
                throw new Xunit.Sdk.XunitException("Expected a terminating error; got " + (errors.Count > 0 ? "non-terminating: " + errors[0] : "none"));
            }

            return record;
        }

        public void Dispose() => _runspace.Dispose();
    }
}
