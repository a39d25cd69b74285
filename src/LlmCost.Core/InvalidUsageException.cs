namespace LlmCost.Core
{
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
}
