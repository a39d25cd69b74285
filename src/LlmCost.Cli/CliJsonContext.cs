using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmCost.Core.Budgets;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;

namespace LlmCost.Cli
{
    /// <summary>Every type a command writes as JSON; the options (names, indentation, enums) come from <see cref="CliJson"/>.</summary>
    [JsonSerializable(typeof(StoreInfo))]
    [JsonSerializable(typeof(StoreCopyResult))]
    [JsonSerializable(typeof(StoreCheckJson))]
    [JsonSerializable(typeof(IReadOnlyList<RepriceRun>))]
    [JsonSerializable(typeof(RepriceJson))]
    [JsonSerializable(typeof(ImportJson))]
    [JsonSerializable(typeof(IReadOnlyList<BudgetAlert>))]
    [JsonSerializable(typeof(IReadOnlyList<CostAnomaly>))]
    [JsonSerializable(typeof(IReadOnlyList<BudgetStatus>))]
    [JsonSerializable(typeof(Budget))]
    [JsonSerializable(typeof(BudgetCheckResult))]
    [JsonSerializable(typeof(List<BillImportJson>))]
    [JsonSerializable(typeof(List<BillComparisonJson>))]
    [JsonSerializable(typeof(List<DiscountJson>))]
    [JsonSerializable(typeof(PriceImportJson))]
    [JsonSerializable(typeof(IReadOnlyList<PriceDisagreement>))]
    [JsonSerializable(typeof(List<ComparisonJson>))]
    [JsonSerializable(typeof(List<RecommendationJson>))]
    internal sealed partial class CliJsonContext : JsonSerializerContext
    {
    }
}
