using System;
using System.Collections.Generic;
using LlmCost.Core.Pricing;

namespace LlmCost.Cli
{
    // The shapes of the --json outputs that are not a core type as it is (written camelCase by CliJson).

    internal sealed record StoreCheckJson(string Path, bool Healthy, IReadOnlyList<string> Integrity, long RollupMismatches, long DuplicateRequestKeys,
        long Requests, List<string> Problems);

    internal sealed record RepriceJson(bool DryRun, long? RunId, IReadOnlyList<RepriceLine> Lines);

    internal sealed record ImportJson(long Files, long FilesSkipped, long Lines, long Records, long Added, long Replaced, long Duplicates, long Superseded,
        long Unpriced, long Errors, double ElapsedSeconds, double LinesPerSecond, long SourcedRecords, decimal SourceCost, decimal CostAtOurPrices,
        long SourcedUnpriced);

    internal sealed record BillImportJson(string Provider, string Kind, string Source, string? FirstDay, string? LastDay, int Buckets, int Lines,
        long Replaced, decimal? Amount, string Currency);

    internal sealed record BillComparisonJson(string Day, string Provider, string Model, long TrackedRequests, decimal TrackedCost, decimal TrackedListCost,
        long TrackedUnpriced, decimal? BilledCost, decimal? Difference, string Status, long TrackedInputTokens, long TrackedOutputTokens,
        long? BilledInputTokens, long? BilledOutputTokens, long? BilledRequests, string Currency);

    internal sealed record DiscountJson(long Id, string Provider, string? Model, decimal Percent, string? EffectiveFrom, string? EffectiveTo, string? Note);

    internal sealed record PriceImportJson(string File, string Format, int Read, int Added, int Unchanged, int Skipped, bool DryRun);

    internal sealed record ComparisonJson(string Alternative, string? Provider, string? Model, bool Batch, decimal? CacheHitRate, long Requests,
        long Compared, decimal Cost, decimal ActualCost, decimal Difference, decimal? DifferencePercent, long NotPriced, long StoredUnpriced,
        IReadOnlyList<string> Reasons, string Currency);

    internal sealed record RecommendationJson(int Rank, string Kind, string Scope, string? SessionId, string? Provider, string? Model, string Suggestion,
        long Requests, decimal Cost, decimal EstimatedCost, decimal Saving, decimal MonthlySaving, string Evidence, DateTime Since, DateTime Until,
        string Currency);
}
