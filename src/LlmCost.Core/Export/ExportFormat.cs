namespace LlmCost.Core.Export
{
    public enum ExportFormat
    {
        Csv,
        Json,
    }
}
