using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Storage;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>
    /// Copies a store into another: a SQLite file into the PostgreSQL team store, or back. Idempotent: requests are
    /// matched by request key, so running it again adds nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "LlmCostStore", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmStoreCopyResult))]
    public sealed class CopyLlmCostStoreCommand : LlmCostCmdlet
    {
        /// <summary>The store to copy from (a file path or a connection string); the same as -Database.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Source
        {
            get => Database;
            set => Database = value;
        }

        /// <summary>The store to copy into: a file path (created when missing) or a PostgreSQL connection string.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = "";

        protected override void EndProcessing()
        {
            string destination = CostStores.LooksLikeConnectionString(Destination) ? Destination : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
            string shown = CostStores.Describe(destination);
            if (!ShouldProcess(shown, $"Copy the requests, custom prices and budgets of {CostStores.Describe(DatabasePath)} into")) return;
            var source = Store;
            ICostStore? target = null;
            try
            {
                target = CostStores.Open(destination, StoreAccess.CreateIfMissing);
                var progress = new ProgressRecord(1, "Copy-LlmCostStore", "Copying requests");
                var result = StoreCopier.Copy(source, target, n =>
                {
                    progress.StatusDescription = $"{n:N0} requests read";
                    WriteProgress(progress);
                }, StopToken);
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                WriteObject(LlmStoreCopyResult.From(result));
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, shown));
            }
            catch (System.OperationCanceledException)
            {
                // Stopped (Ctrl+C): the batch being written was not committed; what was committed stays, and a rerun
                // adds the rest.
            }
            finally
            {
                target?.Dispose();
            }
        }
    }
}
