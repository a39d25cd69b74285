using System;

namespace LlmCost.Core.Money
{
    /// <summary>
    /// Money is stored as integer nano-units (1 USD = 1e9). This is the single rounding point:
    /// exact decimal costs are rounded half away from zero when they are stored.
    /// </summary>
    public static class Nano
    {
        public const long PerUnit = 1_000_000_000L;

        public static long FromDecimal(decimal amount) =>
            checked((long)decimal.Round(amount * PerUnit, 0, MidpointRounding.AwayFromZero));

        public static decimal ToDecimal(long nano) => nano / (decimal)PerUnit;

        public static decimal? ToDecimal(long? nano) => nano.HasValue ? ToDecimal(nano.Value) : (decimal?)null;
    }
}
