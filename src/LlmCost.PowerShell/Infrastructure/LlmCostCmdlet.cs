using System;
using System.Management.Automation;
using System.Threading;
using LlmCost.Core;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>Base of every LlmCost cmdlet: the -Database parameter, the store, and errors with stable ids.</summary>
    public abstract class LlmCostCmdlet : PSCmdlet, IDisposable
    {
        private ICostStore? _store;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>
        /// <para type="description">Path of the LlmCost database. Default: $env:LLMCOST_DB, else the per-user data folder.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Database { get; set; }

        /// <summary>The store -Database names: a file path resolved against the current location, or a PostgreSQL connection string as given.</summary>
        protected string DatabasePath => Database == null ? StorePaths.DefaultDatabasePath()
            : CostStores.LooksLikeConnectionString(Database) ? Database
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Database);

        /// <summary>
        /// True for commands that record usage or set state: they create a missing store. Every other command fails on a
        /// missing store (StoreNotFound) rather than answer from a new, empty one.
        /// </summary>
        protected virtual bool CreatesStore => false;

        /// <summary>The store, opened (and migrated) on first use; a store that cannot be opened stops the command.</summary>
        protected ICostStore Store
        {
            get
            {
                if (_store != null) return _store;
                try
                {
                    _store = CostStores.Open(DatabasePath, CreatesStore ? StoreAccess.CreateIfMissing : StoreAccess.ReadExisting);
                }
                catch (LlmCostException ex)
                {
                    ThrowTerminatingError(ToError(ex, CostStores.Describe(DatabasePath)));
                }

                return _store!;
            }
        }

        /// <summary>Cancelled when the user stops the command (Ctrl+C): long work takes it and ends early.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>True when the store named by -Database (or the default) exists.</summary>
        protected bool StoreExists => CostStores.Exists(DatabasePath);

        protected static ErrorRecord ToError(LlmCostException ex, object? target, ErrorCategory? category = null) =>
            new ErrorRecord(ex, ex.ErrorId, category ?? CategoryFor(ex.ErrorId), target);

        /// <summary>The PowerShell category of an error id, from the core's one table (<see cref="ErrorIds"/>).</summary>
        protected static ErrorCategory CategoryFor(string errorId) => ErrorIds.KindOf(errorId) switch
        {
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.OpenError => ErrorCategory.OpenError,
            ErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            ErrorKind.ReadWriteError => ErrorCategory.ReadError,
            _ => ErrorCategory.InvalidArgument,
        };

        /// <summary>The time zone with this id, or null for none; an unknown id stops the command (InvalidTimeZone).</summary>
        protected TimeZoneInfo? ResolveZone(string? id)
        {
            if (string.IsNullOrEmpty(id)) return null;
            try
            {
                return Core.Queries.TimeZones.Find(id!);
            }
            catch (LlmCostException ex)
            {
                ThrowTerminatingError(ToError(ex, id));
                return null;
            }
        }

        /// <summary>
        /// The full path of a file a command writes, stopping for a directory (PathIsADirectory), an existing file with
        /// -NoClobber (FileExists), or a read-only one unless <paramref name="overwriteReadOnly"/> (FileReadOnly).
        /// </summary>
        protected string OutputFile(string path, bool noClobber, bool overwriteReadOnly)
        {
            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (System.IO.Directory.Exists(full)) Fail("PathIsADirectory", $"'{full}' is a directory: give a file path.", full, ErrorCategory.InvalidArgument);
            if (System.IO.File.Exists(full))
            {
                if (noClobber) Fail("FileExists", $"'{full}' exists and -NoClobber was given.", full, ErrorCategory.ResourceExists);
                if ((System.IO.File.GetAttributes(full) & System.IO.FileAttributes.ReadOnly) != 0 && !overwriteReadOnly)
                {
                    Fail("FileReadOnly", $"'{full}' is read-only; use -Force to overwrite it.", full, ErrorCategory.PermissionDenied);
                }
            }

            return full;
        }

        /// <summary>Bad input for the whole command: stop with a terminating error.</summary>
        protected void Fail(string errorId, string message, object? target, ErrorCategory category = ErrorCategory.InvalidArgument) =>
            ThrowTerminatingError(new ErrorRecord(new LlmCostException(errorId, message), errorId, category, target));

        public void Dispose()
        {
            _store?.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
