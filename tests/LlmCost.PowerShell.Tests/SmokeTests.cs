using System;
using System.IO;
using System.Linq;

namespace LlmCost.PowerShell.Tests
{
    public sealed class ImportTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmcost-ps-tests", Guid.NewGuid().ToString("N"));
        private readonly ModuleHost _host = new ModuleHost();

        public ImportTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            _host.Dispose();
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public void ModuleImportsFromOut_AndOpensAStore()
        {
            string db = Path.Combine(_dir, "smoke.db");
            var (output, errors, _) = _host.Run("Initialize-LlmCostStore -Database $db", new System.Collections.Generic.Dictionary<string, object?> { ["db"] = db });
            Assert.Empty(errors);
            var info = Assert.Single(output);
            Assert.Equal(db, info.Properties["Path"].Value);
            Assert.True((int)info.Properties["SchemaVersion"].Value >= 1);
            // The native library was found the way pwsh finds it: loaded from the module's runtimes folder.
            var (mods, _, _) = _host.Run("(Get-Module LlmCost).ModuleBase");
            Assert.Equal(Path.GetDirectoryName(_host.ModulePath), mods.Single().BaseObject);
        }
    }
}
