namespace LlmCost.Core.Ingestion
{
    /// <summary>A payload whose usage fields are wrong (type, sign, missing); names the field.</summary>
    public sealed class UsageFormatException : LlmCostException
    {
        public UsageFormatException(string message, string field) : base("InvalidUsagePayload", message)
        {
            Field = field;
        }

        public string Field { get; }
    }
}
