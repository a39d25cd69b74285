using LlmCost.Core.Usage;

namespace LlmCost.Core.Ingestion
{
    /// <summary>One billed step of a request that is stored as a record of its own (see <see cref="ParsedUsage.Steps"/>).</summary>
    public sealed class ParsedStep
    {
        public ParsedStep(int index, string type, string model, TokenUsage tokens)
        {
            Index = index;
            Type = type;
            Model = model;
            Tokens = tokens;
        }

        /// <summary>1-based position in the request's list of steps.</summary>
        public int Index { get; }
        public string Type { get; }
        /// <summary>The model the step names; for a step whose billing is not known, <c>iteration:TYPE</c>, which has no price.</summary>
        public string Model { get; }
        public TokenUsage Tokens { get; }
    }
}
