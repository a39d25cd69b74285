using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmCost.Core.Budgets;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Reports
{
    /// <summary>
    /// The dashboard's charts as inline SVG, drawn by us (no script, no network): every mark carries class "mark",
    /// its chart's name on the svg (data-chart) and a title element, which browsers show on hover.
    /// </summary>
    internal static class SvgCharts
    {
        public static readonly string[] Palette = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };
        public static readonly string[] TokenColors = { "#4e79a7", "#59a14f", "#edc948", "#e15759" };
        public static readonly string[] TokenKinds = { "uncached input", "cache read", "cache write", "output" };
        private const int Width = 720;

        public static string ProviderColor(IReadOnlyList<string> providers, string provider)
        {
            int i = 0;
            for (; i < providers.Count; i++) if (providers[i] == provider) break;
            return Palette[i % Palette.Length];
        }

        /// <summary>Daily cost, one column per day, stacked by provider.</summary>
        public static void DailyStacked(StringBuilder html, IReadOnlyList<DashboardDay> days, IReadOnlyList<string> providers)
        {
            const int height = 220, left = 74, bottom = 24, top = 8;
            decimal max = days.Count == 0 ? 0 : days.Max(d => d.CostByProvider.Values.Sum());
            if (max <= 0) max = 1;
            double plotW = Width - left - 8, plotH = height - top - bottom;
            double colW = days.Count == 0 ? plotW : plotW / days.Count;
            html.Append($"<svg data-chart=\"daily\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Daily cost by provider\">");
            Axis(html, left, top, plotH, max);
            int labelEvery = Math.Max(1, (int)Math.Ceiling(days.Count / 10.0));
            for (int i = 0; i < days.Count; i++)
            {
                var day = days[i];
                double x = left + i * colW, y = top + plotH;
                foreach (string p in providers)
                {
                    if (!day.CostByProvider.TryGetValue(p, out decimal cost) || cost <= 0) continue;
                    double h = (double)(cost / max) * plotH;
                    y -= h;
                    html.Append($"<rect class=\"mark\" x=\"{N(x + 1)}\" y=\"{N(y)}\" width=\"{N(Math.Max(colW - 2, 1))}\" height=\"{N(h)}\" fill=\"{ProviderColor(providers, p)}\" ")
                        .Append($"data-day=\"{day.Day:yyyy-MM-dd}\" data-provider=\"{Html.E(p)}\" data-cost=\"{cost.ToString(CultureInfo.InvariantCulture)}\">")
                        .Append($"<title>{day.Day:yyyy-MM-dd} {Html.E(p)}: {Html.Money(cost)}</title></rect>");
                }

                if (i % labelEvery == 0)
                {
                    html.Append($"<text class=\"tick\" x=\"{N(x + colW / 2)}\" y=\"{height - 6}\" text-anchor=\"middle\">{day.Day:MM-dd}</text>");
                }
            }

            html.Append("</svg>");
        }

        /// <summary>Horizontal bars, one per model, longest first, labelled with cost and cost per 1M tokens.</summary>
        public static void ModelBars(StringBuilder html, IReadOnlyList<CostGroup> models, IReadOnlyList<string> providers)
        {
            const int row = 26, left = 230, right = 200;
            int height = Math.Max(row, models.Count * row) + 4;
            decimal max = models.Count == 0 ? 1 : Math.Max(models.Max(m => m.Totals.Cost), 0.000000001m);
            html.Append($"<svg data-chart=\"models\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Cost by model\">");
            for (int i = 0; i < models.Count; i++)
            {
                var m = models[i];
                double y = 2 + i * row, w = (double)(m.Totals.Cost / max) * (Width - left - right);
                string name = (m.Provider != null ? m.Provider + " / " : "") + m.Key;
                decimal? perMillion = PerMillion(m.Totals);
                string label = m.Totals.AllUnpriced ? "unpriced" : Html.Money(m.Totals.Cost) + (perMillion.HasValue ? " · " + Html.Money(perMillion.Value) + " per 1M tokens" : "");
                html.Append($"<text class=\"label\" x=\"{left - 6}\" y=\"{N(y + 17)}\" text-anchor=\"end\">{Html.E(Html.Shorten(name, 34))}</text>")
                    .Append($"<rect class=\"mark\" x=\"{left}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(w, 1))}\" height=\"{row - 6}\" fill=\"{ProviderColor(providers, m.Provider ?? "")}\" data-model=\"{Html.E(m.Key)}\" data-cost=\"{m.Totals.Cost.ToString(CultureInfo.InvariantCulture)}\">")
                    .Append($"<title>{Html.E(name)}: {Html.E(label)}; {m.Totals.Requests:N0} requests</title></rect>")
                    .Append($"<text class=\"value\" x=\"{N(left + Math.Max(w, 1) + 6)}\" y=\"{N(y + 17)}\">{Html.E(label)}</text>");
            }

            html.Append("</svg>");
        }

        /// <summary>One bar split by provider share of the range's cost.</summary>
        public static void ProviderShare(StringBuilder html, IReadOnlyList<CostGroup> providerTotals, IReadOnlyList<string> providers)
        {
            const int height = 40;
            decimal total = providerTotals.Sum(p => p.Totals.Cost);
            html.Append($"<svg data-chart=\"providers\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Provider share\">");
            double x = 0;
            foreach (var p in providerTotals)
            {
                if (total <= 0 || p.Totals.Cost <= 0) continue;
                double share = (double)(p.Totals.Cost / total), w = share * Width;
                html.Append($"<rect class=\"mark\" x=\"{N(x)}\" y=\"4\" width=\"{N(w)}\" height=\"32\" fill=\"{ProviderColor(providers, p.Key)}\" data-provider=\"{Html.E(p.Key)}\" data-cost=\"{p.Totals.Cost.ToString(CultureInfo.InvariantCulture)}\">")
                    .Append($"<title>{Html.E(p.Key)}: {Html.Money(p.Totals.Cost)} ({share * 100:0.0}%)</title></rect>");
                if (w > 60) html.Append($"<text class=\"inbar\" x=\"{N(x + 6)}\" y=\"25\">{Html.E(Html.Shorten(p.Key, (int)(w / 8)))} {share * 100:0}%</text>");
                x += w;
            }

            html.Append("</svg>");
        }

        /// <summary>Per model, its tokens split into uncached input, cache read, cache write and output (100 % bars).</summary>
        public static void TokenMix(StringBuilder html, IReadOnlyList<CostGroup> models)
        {
            const int row = 26, left = 230;
            int height = Math.Max(row, models.Count * row) + 4;
            html.Append($"<svg data-chart=\"tokens\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Token mix by model\">");
            for (int i = 0; i < models.Count; i++)
            {
                var t = models[i].Totals;
                long[] parts = TokenParts(t);
                long all = parts.Sum();
                double y = 2 + i * row, x = left;
                html.Append($"<text class=\"label\" x=\"{left - 6}\" y=\"{N(y + 17)}\" text-anchor=\"end\">{Html.E(Html.Shorten(models[i].Key, 34))}</text>");
                for (int k = 0; k < parts.Length; k++)
                {
                    if (all == 0 || parts[k] == 0) continue;
                    double w = (double)parts[k] / all * (Width - left - 8);
                    html.Append($"<rect class=\"mark\" x=\"{N(x)}\" y=\"{N(y + 3)}\" width=\"{N(w)}\" height=\"{row - 6}\" fill=\"{TokenColors[k]}\" data-model=\"{Html.E(models[i].Key)}\" data-kind=\"{TokenKinds[k]}\" data-tokens=\"{parts[k]}\">")
                        .Append($"<title>{Html.E(models[i].Key)}: {parts[k]:N0} {TokenKinds[k]} tokens ({100.0 * parts[k] / all:0.0}%)</title></rect>");
                    x += w;
                }
            }

            html.Append("</svg>");
        }

        /// <summary>A gauge per budget: the spend against the limit, its thresholds as ticks.</summary>
        public static void BudgetGauges(StringBuilder html, IReadOnlyList<BudgetStatus> budgets)
        {
            const int row = 34, left = 230, right = 190;
            int height = Math.Max(row, budgets.Count * row) + 4;
            double barW = Width - left - right;
            html.Append($"<svg data-chart=\"budgets\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Budgets\">");
            for (int i = 0; i < budgets.Count; i++)
            {
                var b = budgets[i];
                double y = 2 + i * row, pct = (double)Math.Min(b.Percent, 100m) / 100.0;
                string color = b.Percent >= 100 ? "#e15759" : b.Percent >= 80 ? "#f28e2b" : "#59a14f";
                string name = b.Budget + (b.SessionId != null ? " (" + b.SessionId + ")" : "");
                html.Append($"<text class=\"label\" x=\"{left - 6}\" y=\"{N(y + 20)}\" text-anchor=\"end\">{Html.E(Html.Shorten(name, 34))}</text>")
                    .Append($"<rect class=\"track\" x=\"{left}\" y=\"{N(y + 6)}\" width=\"{N(barW)}\" height=\"20\" rx=\"3\"/>")
                    .Append($"<rect class=\"mark\" x=\"{left}\" y=\"{N(y + 6)}\" width=\"{N(Math.Max(pct * barW, 1))}\" height=\"20\" rx=\"3\" fill=\"{color}\" data-budget=\"{Html.E(b.Budget)}\" data-percent=\"{b.Percent.ToString(CultureInfo.InvariantCulture)}\">")
                    .Append($"<title>{Html.E(name)}: {Html.Money(b.Spent)} of {Html.Money(b.Limit)} ({b.Percent:0.#}%), {b.Period}</title></rect>");
                foreach (int t in b.Thresholds)
                {
                    double tx = left + Math.Min(t, 100) / 100.0 * barW;
                    html.Append($"<line class=\"threshold\" x1=\"{N(tx)}\" x2=\"{N(tx)}\" y1=\"{N(y + 3)}\" y2=\"{N(y + 29)}\"><title>threshold {t}%</title></line>");
                }

                html.Append($"<text class=\"value\" x=\"{N(left + barW + 8)}\" y=\"{N(y + 20)}\">{Html.Money(b.Spent)} / {Html.Money(b.Limit)} ({b.Percent:0.#}%)</text>");
            }

            html.Append("</svg>");
        }

        /// <summary>Uncached input, cache read, cache write, output.</summary>
        public static long[] TokenParts(CostTotals t) => new[]
        {
            t.UncachedInputTokens, t.CacheReadTokens,
            t.CacheWrite5mTokens + t.CacheWrite1hTokens, t.OutputTokens,
        };

        /// <summary>Cost per million tokens (input + output); null without tokens or without a price.</summary>
        public static decimal? PerMillion(CostTotals t)
        {
            long tokens = t.InputTokens + t.OutputTokens;
            if (tokens == 0 || t.AllUnpriced) return null;
            return decimal.Round(t.Cost * 1_000_000m / tokens, 4, MidpointRounding.AwayFromZero);
        }

        private static void Axis(StringBuilder html, int left, int top, double plotH, decimal max)
        {
            for (int k = 0; k <= 4; k++)
            {
                double y = top + plotH - k * plotH / 4;
                html.Append($"<line class=\"grid\" x1=\"{left}\" x2=\"{Width - 8}\" y1=\"{N(y)}\" y2=\"{N(y)}\"/>")
                    .Append($"<text class=\"tick\" x=\"{left - 4}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{Html.Money(max * k / 4)}</text>");
            }
        }

        private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
