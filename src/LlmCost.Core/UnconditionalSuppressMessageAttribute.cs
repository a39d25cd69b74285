namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>
    /// netstandard2.0 lacks this attribute; the trimmer and the native compiler recognise it by name, so the core can
    /// say why a reflection path is safe in the natively compiled llmcost.
    /// </summary>
    [AttributeUsage(AttributeTargets.All, Inherited = false, AllowMultiple = true)]
    internal sealed class UnconditionalSuppressMessageAttribute : Attribute
    {
        public UnconditionalSuppressMessageAttribute(string category, string checkId)
        {
            Category = category;
            CheckId = checkId;
        }

        public string Category { get; }

        public string CheckId { get; }

        public string? Justification { get; set; }
    }
}
