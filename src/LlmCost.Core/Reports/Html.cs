using System;
using System.Globalization;
using System.Net;

namespace LlmCost.Core.Reports
{
    /// <summary>Text into HTML: every user-supplied string goes through <see cref="E"/>, in text and in attributes.</summary>
    internal static class Html
    {
        /// <summary>Escapes &amp;, &lt;, &gt;, quotes and apostrophes.</summary>
        public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

        /// <summary>USD with as many decimals as small amounts need: $1,234.56, $0.0123, $0.000123.</summary>
        public static string Money(decimal amount)
        {
            decimal a = Math.Abs(amount);
            string format = a >= 1 || a == 0 ? "#,##0.00" : a >= 0.01m ? "0.0000" : "0.000000";
            return (amount < 0 ? "-$" : "$") + a.ToString(format, CultureInfo.InvariantCulture);
        }

        public static string Shorten(string text, int max) => text.Length <= max || max < 2 ? text : text.Substring(0, max - 1) + "…";
    }
}
