using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace LlmCost.Core.Pricing
{
    public enum PricingStatus
    {
        Priced,
        Unpriced,
        Custom,
    }
}
