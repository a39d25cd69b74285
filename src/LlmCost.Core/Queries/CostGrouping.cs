using System;
using System.Collections.Generic;

namespace LlmCost.Core.Queries
{
    public enum CostGrouping
    {
        None,
        Session,
        Hour,
        Day,
        Week,
        Month,
        Model,
        Provider,
        Tag,
    }
}
