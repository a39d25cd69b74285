using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LlmCost.Core.Analysis
{
    /// <summary>One step down: models of a provider and the cheaper model of the same family suggested for them.</summary>
    public sealed class ModelStepDown
    {
        public string Provider { get; set; } = "";
        /// <summary>Catalog model ids this step applies to.</summary>
        public IReadOnlyList<string> From { get; set; } = Array.Empty<string>();
        /// <summary>The catalog model id suggested instead.</summary>
        public string To { get; set; } = "";
        /// <summary>Why it is a sensible candidate, in a few words ("the family's small tier").</summary>
        public string Why { get; set; } = "";
    }

    /// <summary>The cheaper models a recommendation may suggest, as data (Analysis/model-step-downs.json).</summary>
    public sealed class ModelStepDowns
    {
        private static readonly Lazy<ModelStepDowns> BuiltinSteps = new Lazy<ModelStepDowns>(() =>
        {
            using var stream = typeof(ModelStepDowns).Assembly.GetManifestResourceStream("LlmCost.Analysis.model-step-downs.json")!;
            return Load(stream);
        });

        private readonly Dictionary<(string, string), ModelStepDown> _byModel;

        public ModelStepDowns(IReadOnlyList<ModelStepDown> all)
        {
            All = all;
            _byModel = new Dictionary<(string, string), ModelStepDown>();
            foreach (var step in all)
            {
                foreach (var from in step.From) _byModel[(step.Provider, from)] = step;
            }
        }

        public static ModelStepDowns Builtin => BuiltinSteps.Value;

        public IReadOnlyList<ModelStepDown> All { get; }

        /// <summary>The step down for a catalog model, or null when none is known.</summary>
        public ModelStepDown? For(string provider, string catalogModelId) =>
            _byModel.TryGetValue((provider, catalogModelId), out var step) ? step : null;

        public static ModelStepDowns Load(Stream json)
        {
            using var doc = JsonDocument.Parse(json);
            var list = doc.RootElement.GetProperty("stepDowns").EnumerateArray().Select(s => new ModelStepDown
            {
                Provider = s.GetProperty("provider").GetString()!,
                From = s.GetProperty("from").EnumerateArray().Select(f => f.GetString()!).ToList(),
                To = s.GetProperty("to").GetString()!,
                Why = s.GetProperty("why").GetString()!,
            }).ToList();
            return new ModelStepDowns(list);
        }
    }
}
