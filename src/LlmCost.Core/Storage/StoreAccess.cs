namespace LlmCost.Core.Storage
{
    /// <summary>Whether opening a store may create it.</summary>
    public enum StoreAccess
    {
        /// <summary>Commands that record usage or set state: a missing store is created (with all migrations).</summary>
        CreateIfMissing,
        /// <summary>Reads, exports and checks: a missing store is an error (StoreNotFound), never a new empty one.</summary>
        ReadExisting,
    }
}
