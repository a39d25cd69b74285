using System;

namespace LlmCost.Core
{
    /// <summary>Base of every error the core raises on purpose. <see cref="ErrorId"/> is stable and scriptable.</summary>
    public class LlmCostException : Exception
    {
        public LlmCostException(string errorId, string message, Exception? inner = null) : base(message, inner)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }

    /// <summary>A usage record whose counts are negative or whose parts exceed the whole.</summary>
    public sealed class InvalidUsageException : LlmCostException
    {
        public InvalidUsageException(string message, params string[] fields) : base("InvalidTokenCounts", message)
        {
            Fields = fields;
        }

        /// <summary>A usage record with a bad non-count field (an id or tag that is not allowed).</summary>
        public InvalidUsageException(string errorId, string message, string[] fields) : base(errorId, message)
        {
            Fields = fields;
        }

        public string[] Fields { get; }
    }

    /// <summary>The store cannot be opened or migrated safely.</summary>
    public sealed class StoreException : LlmCostException
    {
        public StoreException(string errorId, string message, Exception? inner = null) : base(errorId, message, inner) { }
    }
}
