namespace LlmCost.Core.Ingestion
{
    /// <summary>How one step of a request (an entry of Anthropic's <c>usage.iterations</c>) relates to the request's own counts.</summary>
    internal enum StepBilling
    {
        /// <summary>Already inside the top-level counts (a turn of a server-side tool loop): not counted again.</summary>
        InTopLevel,
        /// <summary>Billed, not in the top-level counts, run by the request's own model (server-side compaction): added to the request.</summary>
        AddedToRequest,
        /// <summary>Billed, not in the top-level counts, run by the model the step names (an advisor sub-inference): a record of its own.</summary>
        OwnModel,
    }
}
