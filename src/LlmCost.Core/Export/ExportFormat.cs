namespace LlmCost.Core.Export
{
    public enum ExportFormat
    {
        Csv,
        Json,
        /// <summary>FinOps FOCUS 1.2 rows (<see cref="FocusExport"/>) as CSV.</summary>
        Focus,
    }
}
