namespace LlmCost.Core.Storage
{
    /// <summary>What a writer does with a request whose key is already stored.</summary>
    public enum DuplicatePolicy
    {
        /// <summary>A request key already stored is left as it is.</summary>
        Skip,
        /// <summary>A request key already stored is overwritten when the new record differs (a later snapshot of a streamed message).</summary>
        Replace,
    }
}
