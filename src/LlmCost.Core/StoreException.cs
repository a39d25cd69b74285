using System;

namespace LlmCost.Core
{
    /// <summary>The store cannot be opened or migrated safely.</summary>
    public sealed class StoreException : LlmCostException
    {
        public StoreException(string errorId, string message, Exception? inner = null) : base(errorId, message, inner) { }
    }
}
