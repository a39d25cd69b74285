namespace LlmCost.Core.Queries
{
    public enum CostGrouping
    {
        None,
        Session,
        Hour,
        Day,
        Week,
        Month,
        Model,
        Provider,
        Tag,
    }
}
