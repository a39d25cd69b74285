using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using LlmCost.Core.Queries;

namespace LlmCost.Core.Reports
{
    /// <summary>
    /// Writes a dashboard as one self-contained HTML file: inline CSS and SVG, one small script of our own that sorts
    /// the table; nothing is fetched when it is viewed. Light and dark follow the viewer's setting; it prints on A4.
    /// All text from the store (sessions, models, budgets, tags) is escaped.
    /// </summary>
    public static class HtmlDashboardWriter
    {
        /// <param name="output">Where the page goes.</param>
        /// <param name="d">The dashboard.</param>
        /// <param name="refreshSeconds">For a live page: reload every so many seconds; 0 for a file.</param>
        public static void Write(TextWriter output, Dashboard d, int refreshSeconds = 0)
        {
            var h = new StringBuilder(64 * 1024);
            h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
            if (refreshSeconds > 0) h.Append("<meta http-equiv=\"refresh\" content=\"").Append(refreshSeconds.ToString(CultureInfo.InvariantCulture)).Append("\">");
            h
             .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
             .Append("<meta name=\"generator\" content=\"LlmCost ").Append(Html.E(LlmCostVersion.Current)).Append("\">")
             .Append("<title>LLM costs ").Append(Day(d.SinceUtc, d)).Append(" to ").Append(Day(d.UntilUtc.AddTicks(-1), d)).Append("</title>")
             .Append("<style>").Append(Css).Append("</style></head><body>");

            h.Append("<header><h1>LLM costs</h1><p class=\"range\">")
             .Append(Day(d.SinceUtc, d)).Append(" to ").Append(Day(d.UntilUtc.AddTicks(-1), d))
             .Append(" (").Append(Html.E(d.TimeZone)).Append(") · generated ")
             .Append(d.GeneratedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC by LlmCost ")
             .Append(Html.E(LlmCostVersion.Current)).Append("</p></header>");

            h.Append("<section class=\"cards\">");
            Card(h, "Today", d.Today, Day(d.AsOfUtc, d));
            Card(h, "This week", d.ThisWeek, "since Monday");
            Card(h, "This month", d.ThisMonth, Local(d.AsOfUtc, d).ToString("MMMM yyyy", CultureInfo.InvariantCulture));
            h.Append("<div class=\"card\" id=\"forecast\"><div class=\"k\">Forecast, month end</div><div class=\"v\">")
             .Append(d.MonthForecast.HasValue ? Html.Money(d.MonthForecast.Value) : "–").Append("</div><div class=\"s\">at this month's pace</div></div>");
            h.Append("<div class=\"card\" id=\"coverage\"><div class=\"k\">Priced requests</div><div class=\"v\">")
             .Append(d.PricedPercent.HasValue ? d.PricedPercent.Value.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–")
             .Append("</div><div class=\"s\">").Append(d.Range.UnpricedRequests.ToString("N0", CultureInfo.InvariantCulture)).Append(" unpriced of ")
             .Append(d.Range.Requests.ToString("N0", CultureInfo.InvariantCulture)).Append("</div></div>");
            h.Append("<div class=\"card\" id=\"range-total\"><div class=\"k\">Range total</div><div class=\"v\">").Append(Html.Money(d.Range.Cost))
             .Append("</div><div class=\"s\">").Append(d.Range.Requests.ToString("N0", CultureInfo.InvariantCulture)).Append(" requests")
             .Append(d.Range.ContractedCostNano.HasValue ? ", " + Html.Money(d.Range.ContractedCost) + " after contract discounts" : "").Append("</div></div>");
            h.Append("</section>");

            Section(h, "budgets", "Budgets", () =>
            {
                if (d.Budgets.Count == 0) h.Append("<p class=\"empty\">No budgets. Set one with Set-LlmBudget or llmcost budget set.</p>");
                else SvgCharts.BudgetGauges(h, d.Budgets);
            });
            Section(h, "trend", "Daily cost by provider", () =>
            {
                SvgCharts.DailyStacked(h, d.Days, d.Providers);
                Legend(h, d.Providers.Select(p => (p, SvgCharts.ProviderColor(d.Providers, p))));
            });
            Section(h, "models", "Cost by model", () => SvgCharts.ModelBars(h, d.Models, d.Providers));
            Section(h, "share", "Provider share", () => SvgCharts.ProviderShare(h, d.ProviderTotals, d.Providers));
            Section(h, "tokens", "Token mix by model", () =>
            {
                SvgCharts.TokenMix(h, d.Models);
                Legend(h, SvgCharts.TokenKinds.Select((k, i) => (k, SvgCharts.TokenColors[i])));
            });
            Section(h, "sessions", "Top sessions", () => Table(h, "sessions-table", new[] { ("Session", false), ("Requests", true), ("Cost", true) },
                d.TopSessions.Select(s => new[] { Cell(s.Key), Num(s.Totals.Requests), MoneyCell(s.Totals) })));
            Section(h, "alerts", "Recent alerts", () =>
            {
                if (d.Alerts.Count == 0) h.Append("<p class=\"empty\">No alerts in this range.</p>");
                else Table(h, "alerts-table", new[] { ("When (UTC)", false), ("Budget", false), ("Threshold", true), ("Spent", true), ("Limit", true) },
                    d.Alerts.Select(a => new[]
                    {
                        Cell(a.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)), Cell(a.Budget + (a.SessionId != null ? " (" + a.SessionId + ")" : "")),
                        Num(a.Threshold, "%"), MoneyCell(a.Spent), MoneyCell(a.Limit),
                    }));
            });
            Section(h, "anomalies", "Anomalies", () =>
            {
                if (d.Anomalies.Count == 0) h.Append("<p class=\"empty\">No unusual days in this range.</p>");
                else Table(h, "anomalies-table", new[] { ("Day", false), ("Scope", false), ("Spent", true), ("Expected", true), ("Direction", false) },
                    d.Anomalies.Select(a => new[]
                    {
                        Cell(a.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Cell(a.ScopeKind + " " + a.Scope), MoneyCell(a.Spent), MoneyCell(a.Expected), Cell(a.Direction),
                    }));
            });
            Section(h, "table", "All models (click a column to sort)", () => Table(h, "models-table",
                new[] { ("Provider", false), ("Model", false), ("Requests", true), ("Input", true), ("Cache read", true), ("Cache write", true), ("Output", true), ("Cost", true), ("Per 1M tokens", true) },
                d.Models.Select(m => new[]
                {
                    Cell(m.Provider ?? ""), Cell(m.Key), Num(m.Totals.Requests), Num(m.Totals.InputTokens), Num(m.Totals.CacheReadTokens),
                    Num(m.Totals.CacheWrite5mTokens + m.Totals.CacheWrite1hTokens), Num(m.Totals.OutputTokens), MoneyCell(m.Totals),
                    SvgCharts.PerMillion(m.Totals) is decimal pm ? MoneyCell(pm) : Cell("–"),
                })));

            h.Append("<footer>Costs in USD at the prices in force at each request's time; unpriced requests are counted, never priced at $0. ")
             .Append("Times in ").Append(Html.E(d.TimeZone)).Append(".</footer>");
            h.Append("<script>").Append(SortScript).Append("</script></body></html>\n");
            output.Write(h.ToString());
        }

        private static void Card(StringBuilder h, string title, CostTotals t, string sub) =>
            h.Append("<div class=\"card\"><div class=\"k\">").Append(Html.E(title)).Append("</div><div class=\"v\">").Append(Html.Money(t.Cost))
             .Append("</div><div class=\"s\">").Append(Html.E(sub)).Append(" · ").Append(t.Requests.ToString("N0", CultureInfo.InvariantCulture)).Append(" requests</div></div>");

        private static void Section(StringBuilder h, string id, string title, Action body)
        {
            h.Append("<section id=\"").Append(id).Append("\"><h2>").Append(Html.E(title)).Append("</h2>");
            body();
            h.Append("</section>");
        }

        private static void Legend(StringBuilder h, IEnumerable<(string Name, string Color)> items)
        {
            h.Append("<ul class=\"legend\">");
            foreach (var (name, color) in items) h.Append("<li><span style=\"background:").Append(color).Append("\"></span>").Append(Html.E(name)).Append("</li>");
            h.Append("</ul>");
        }

        private static void Table(StringBuilder h, string id, IEnumerable<(string Title, bool Numeric)> columns, IEnumerable<string[]> rows)
        {
            h.Append("<table class=\"sortable\" id=\"").Append(id).Append("\"><thead><tr>");
            foreach (var (title, numeric) in columns) h.Append("<th").Append(numeric ? " data-type=\"number\" class=\"n\"" : "").Append('>').Append(Html.E(title)).Append("</th>");
            h.Append("</tr></thead><tbody>");
            foreach (var cells in rows) h.Append("<tr>").Append(string.Concat(cells)).Append("</tr>");
            h.Append("</tbody></table>");
        }

        private static string Cell(string text) => "<td>" + Html.E(text) + "</td>";

        private static string Num(long n, string suffix = "") =>
            "<td class=\"n\" data-v=\"" + n.ToString(CultureInfo.InvariantCulture) + "\">" + n.ToString("N0", CultureInfo.InvariantCulture) + suffix + "</td>";

        private static string MoneyCell(decimal amount) =>
            "<td class=\"n\" data-v=\"" + amount.ToString(CultureInfo.InvariantCulture) + "\">" + Html.Money(amount) + "</td>";

        private static string MoneyCell(CostTotals t) => t.AllUnpriced ? "<td class=\"n\" data-v=\"-1\">unpriced</td>" : MoneyCell(t.Cost);

        private static DateTime Local(DateTime utc, Dashboard d)
        {
            var tz = TryZone(d.TimeZone);
            return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), tz);
        }

        private static string Day(DateTime utc, Dashboard d) => Local(utc, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static TimeZoneInfo TryZone(string id)
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                return TimeZoneInfo.Utc;
            }
        }

        private const string Css =
            ":root{--bg:#fff;--fg:#1d2433;--muted:#5b6475;--card:#f4f6fa;--line:#d5dae3;--track:#e6e9ef}" +
            "@media (prefers-color-scheme:dark){:root{--bg:#14171c;--fg:#e6e9ef;--muted:#9aa3b2;--card:#1f242c;--line:#363d48;--track:#2a313b}}" +
            "body{margin:0 auto;max-width:760px;padding:16px;background:var(--bg);color:var(--fg);font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif}" +
            "h1{font-size:22px;margin:0}h2{font-size:16px;margin:24px 0 8px}.range,.empty,footer{color:var(--muted)}" +
            ".cards{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin-top:12px}.card{background:var(--card);border-radius:6px;padding:8px 10px}" +
            ".card .k{color:var(--muted);font-size:12px}.card .v{font-size:20px;font-weight:600}.card .s{color:var(--muted);font-size:12px}" +
            "svg{width:100%;height:auto;display:block}svg text{fill:var(--fg);font-size:11px}svg .tick{fill:var(--muted);font-size:10px}" +
            "svg .inbar{fill:#fff;font-size:12px}svg .grid{stroke:var(--line);stroke-width:1}svg .track{fill:var(--track)}" +
            "svg .threshold{stroke:var(--fg);stroke-width:1.5;stroke-dasharray:2 2}svg .mark:hover{opacity:.8}" +
            ".legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:12px;font-size:12px}.legend span{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}" +
            "table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;overflow-wrap:anywhere}" +
            ".sortable td:first-child{white-space:nowrap}th{cursor:pointer;user-select:none}th.n,td.n{text-align:right;white-space:nowrap}th[data-dir=asc]::after{content:' ▲'}th[data-dir=desc]::after{content:' ▼'}" +
            "footer{margin-top:24px;font-size:12px}" +
            "@media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0}section{break-inside:avoid}th{cursor:auto}}";

        // Sorts a table by the clicked column: numbers by their data-v value, text as text; clicking again reverses.
        private const string SortScript =
            "document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',function(){" +
            "var t=th.closest('table'),b=t.tBodies[0],num=th.dataset.type==='number',dir=th.dataset.dir==='desc'?'asc':'desc';" +
            "t.querySelectorAll('th').forEach(function(o){delete o.dataset.dir});th.dataset.dir=dir;" +
            "var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=x.cells[i],c=y.cells[i];" +
            "var r=num?parseFloat(a.dataset.v)-parseFloat(c.dataset.v):a.textContent.localeCompare(c.textContent);return dir==='asc'?r:-r});" +
            "rows.forEach(function(r){b.appendChild(r)})})});";
    }
}
