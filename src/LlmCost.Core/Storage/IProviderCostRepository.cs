using System;
using System.Collections.Generic;
using LlmCost.Core.Billing;

namespace LlmCost.Core.Storage
{
    /// <summary>Port: the providers' own cost and usage report lines (the bill), kept apart from tracked requests.</summary>
    public interface IProviderCostRepository
    {
        /// <summary>
        /// Stores a report in one transaction, replacing every line stored before for its provider, kind and bucket
        /// starts (a later report of a day wins; the same report twice changes nothing). Returns the lines replaced.
        /// </summary>
        long SaveProviderCosts(ProviderCostReport report);

        /// <summary>The stored lines whose bucket starts in [since, until), of the providers given (all when null), in time order.</summary>
        IReadOnlyList<ProviderCostLine> GetProviderCosts(DateTime? since, DateTime? until, IReadOnlyList<string>? providers);
    }
}
