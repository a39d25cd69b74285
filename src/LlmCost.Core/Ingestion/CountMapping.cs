using System;

namespace LlmCost.Core.Ingestion
{
    /// <summary>Where the six counts come from: <c>count = sum(add) - sum(subtract)</c> of the fields at these paths.</summary>
    internal sealed class CountMapping
    {
        public CountMapping(string count, string[] add, string[]? subtract = null, bool required = false)
        {
            Count = count;
            Add = add;
            Subtract = subtract ?? Array.Empty<string>();
            Required = required;
        }

        public string Count { get; }
        public string[] Add { get; }
        public string[] Subtract { get; }
        public bool Required { get; }
    }
}
