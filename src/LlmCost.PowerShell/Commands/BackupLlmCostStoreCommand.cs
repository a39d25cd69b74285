using System.IO;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.PowerShell.Infrastructure;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Writes a consistent copy of the store (SQLite online backup), safe while imports and recordings run.</summary>
    [Cmdlet(VerbsData.Backup, "LlmCostStore", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class BackupLlmCostStoreCommand : LlmCostCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(full, $"Back up {LlmCost.Core.Storage.CostStores.Describe(DatabasePath)}")) return;
            try
            {
                Store.Backup(full, Force);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, full));
            }

            WriteObject(new FileInfo(full));
        }
    }
}
