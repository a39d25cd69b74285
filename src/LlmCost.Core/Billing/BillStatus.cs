namespace LlmCost.Core.Billing
{
    /// <summary>How a day × provider × model of the bill compares with what was tracked.</summary>
    public enum BillStatus
    {
        /// <summary>Within the tolerance.</summary>
        Match,
        /// <summary>The bill says more than was tracked: spend we did not see, or priced lower.</summary>
        BillHigher,
        /// <summary>Tracked more than the bill says.</summary>
        TrackedHigher,
        /// <summary>The bill has spend where no request was tracked at all.</summary>
        NotTracked,
        /// <summary>Requests were tracked on a day the imported bill has no cost for.</summary>
        NotBilled,
    }
}
