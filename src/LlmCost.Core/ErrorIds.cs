using System.Collections.Generic;

namespace LlmCost.Core
{
    /// <summary>
    /// Every error id the core raises, with its kind: the one table cmdlets (ErrorCategory) and the CLI (exit code)
    /// read. Ids are stable: scripts match on them.
    /// </summary>
    public static class ErrorIds
    {
        private static readonly Dictionary<string, ErrorKind> Kinds = new Dictionary<string, ErrorKind>
        {
            ["InvalidTokenCounts"] = ErrorKind.InvalidData,
            ["CostOutOfRange"] = ErrorKind.InvalidData,
            ["TotalOutOfRange"] = ErrorKind.InvalidData,
            ["InvalidText"] = ErrorKind.InvalidData,
            ["InvalidUsageText"] = ErrorKind.InvalidData,
            ["InvalidUsagePayload"] = ErrorKind.InvalidData,
            ["NoUsageInResponse"] = ErrorKind.InvalidData,
            ["NoTokenCounts"] = ErrorKind.InvalidData,
            ["InvalidJson"] = ErrorKind.InvalidData,
            ["InvalidCsvHeader"] = ErrorKind.InvalidData,
            ["LineTooLong"] = ErrorKind.InvalidData,
            ["InvalidPriceFile"] = ErrorKind.InvalidData,
            ["InvalidProviderReport"] = ErrorKind.InvalidData,
            ["NoProviderCost"] = ErrorKind.NotFound,
            ["ProviderKeyMissing"] = ErrorKind.InvalidArgument,
            ["InvalidProvider"] = ErrorKind.InvalidArgument,
            ["ProviderApiFailed"] = ErrorKind.ConnectionError,
            ["InvalidPrice"] = ErrorKind.InvalidArgument,
            ["InvalidDiscount"] = ErrorKind.InvalidArgument,
            ["DiscountNotFound"] = ErrorKind.NotFound,
            ["UnsupportedCurrency"] = ErrorKind.InvalidArgument,
            ["InvalidBudget"] = ErrorKind.InvalidArgument,
            ["InvalidTimeZone"] = ErrorKind.InvalidArgument,
            ["InvalidRange"] = ErrorKind.InvalidArgument,
            ["DuplicateGroupBy"] = ErrorKind.InvalidArgument,
            ["ConflictingGroupBy"] = ErrorKind.InvalidArgument,
            ["InvalidNotificationTarget"] = ErrorKind.InvalidArgument,
            ["InvalidConfiguration"] = ErrorKind.InvalidArgument,
            ["NotificationConfigMissing"] = ErrorKind.InvalidArgument,
            ["InvalidCatalog"] = ErrorKind.InvalidData,
            ["BudgetNotFound"] = ErrorKind.NotFound,
            ["PriceNotFound"] = ErrorKind.NotFound,
            ["FileNotFound"] = ErrorKind.NotFound,
            ["NoFilesFound"] = ErrorKind.NotFound,
            ["PriceFileNotFound"] = ErrorKind.NotFound,
            ["StoreNotFound"] = ErrorKind.NotFound,
            ["StoreIsADirectory"] = ErrorKind.OpenError,
            ["StoreDamaged"] = ErrorKind.InvalidData,
            ["BackupFailed"] = ErrorKind.ReadWriteError,
            ["StoreReadOnly"] = ErrorKind.ReadWriteError,
            ["StoreFull"] = ErrorKind.ReadWriteError,
            ["UnsupportedInputObject"] = ErrorKind.InvalidArgument,
            ["DatabaseNewerThanCode"] = ErrorKind.OpenError,
            ["MigrationChecksumMismatch"] = ErrorKind.OpenError,
            ["MigrationSequenceBroken"] = ErrorKind.OpenError,
            ["MigrationFailed"] = ErrorKind.OpenError,
            ["StoreOpenFailed"] = ErrorKind.OpenError,
            ["StoreEngineNotSupported"] = ErrorKind.OpenError,
            ["StoreAccessDenied"] = ErrorKind.OpenError,
            ["StoreUnreachable"] = ErrorKind.ConnectionError,
            ["StoreBusy"] = ErrorKind.ReadWriteError,
            ["InvalidConnectionString"] = ErrorKind.InvalidArgument,
            ["BackupNotSupported"] = ErrorKind.InvalidArgument,
            ["SameStore"] = ErrorKind.InvalidArgument,
            ["NoAlternative"] = ErrorKind.InvalidArgument,
            ["InvalidCacheHitRate"] = ErrorKind.InvalidArgument,
            ["BudgetExceeded"] = ErrorKind.LimitsExceeded,
            ["BudgetBreached"] = ErrorKind.LimitsExceeded,
            ["NotificationFailed"] = ErrorKind.ConnectionError,
            ["FileReadFailed"] = ErrorKind.ReadWriteError,
            ["BulkWriteFailed"] = ErrorKind.ReadWriteError,
            ["FileWriteFailed"] = ErrorKind.ReadWriteError,
            ["FileExists"] = ErrorKind.InvalidArgument,
            ["FileReadOnly"] = ErrorKind.InvalidArgument,
            ["PathIsADirectory"] = ErrorKind.InvalidArgument,
        };

        /// <summary>The kind of <paramref name="errorId"/>; an id not in the table is an invalid argument.</summary>
        public static ErrorKind KindOf(string errorId) => Kinds.TryGetValue(errorId, out var kind) ? kind : ErrorKind.InvalidArgument;

        /// <summary>Every id in the table (for the documentation test).</summary>
        public static IEnumerable<string> All => Kinds.Keys;
    }
}
