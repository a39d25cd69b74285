using System;
using System.Collections.Generic;

namespace LlmCost.Core.Pricing
{
    /// <summary>A price catalog ready to be kept in a store (<see cref="CatalogRefresh.Build"/>).</summary>
    public sealed class CatalogUpdate
    {
        public string Source { get; set; } = "";
        public string Sha256 { get; set; } = "";
        /// <summary>LlmCost's catalog format (docs/price-catalog.md).</summary>
        public byte[] Catalog { get; set; } = Array.Empty<byte>();
        public int Models { get; set; }
        /// <summary>The providers the file brought; the others are kept from the built-in catalog.</summary>
        public IReadOnlyList<string> Providers { get; set; } = Array.Empty<string>();
    }
}
