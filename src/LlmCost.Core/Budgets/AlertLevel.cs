namespace LlmCost.Core.Budgets
{
    public enum AlertLevel
    {
        Info,
        Warning,
        Critical,
    }
}
