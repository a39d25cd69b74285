using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace LlmCost.PowerShell.Tests
{
    /// <summary>Real pipelines through the module imported from out/LlmCost into a hosted engine.</summary>
    public sealed class CmdletTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmcost-ps-tests", Guid.NewGuid().ToString("N"));
        private readonly ModuleHost _host = new ModuleHost();

        public CmdletTests()
        {
            Directory.CreateDirectory(_dir);
            Db = Path.Combine(_dir, "cmdlets.db");
        }

        private string Db { get; }

        private Dictionary<string, object?> Vars(params (string, object?)[] extra)
        {
            var d = new Dictionary<string, object?> { ["db"] = Db, ["dir"] = _dir };
            foreach (var (k, v) in extra) d[k] = v;
            return d;
        }

        public void Dispose()
        {
            _host.Dispose();
            try
            {
                Directory.Delete(_dir, true);
            }
            catch (IOException)
            {
            }
        }

        private static T P<T>(PSObject o, string name) => (T)o.Properties[name].Value;

        // Two sessions, hand-computed with the catalog's list prices:
        //  abc: gpt-4o 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615 (cost-rules example 1)
        //       llama-3.3-70b-versatile 1200 x 0.59 + 300 x 0.79 = 945 -> $0.000945 (example 7)   => abc = $0.00656
        //  xyz: claude-haiku-4-5 200 x 1 + 4000 x 1.25 + 100 x 5 = 5700 -> $0.0057 (example 6)
        private const string RecordTwoSessions = @"
            $rows = @(
              [pscustomobject]@{ Provider='openai'; Model='gpt-4o'; InputTokens='2006'; CacheReadTokens='1920'; OutputTokens='300'; SessionId='abc'; RequestId='r1'; Timestamp='2025-06-01T10:00:00Z'; IsBatch='false'; Tags='team-a;prod' }
              [pscustomobject]@{ Provider='groq'; Model='llama-3.3-70b-versatile'; InputTokens='1200'; CacheReadTokens='0'; OutputTokens='300'; SessionId='abc'; RequestId='r2'; Timestamp='2025-06-01T11:00:00Z'; IsBatch='False'; Tags='team-a' }
              [pscustomobject]@{ Provider='anthropic'; Model='claude-haiku-4-5-20251001'; InputTokens='4200'; CacheWrite5mTokens='4000'; OutputTokens='100'; SessionId='xyz'; RequestId='r3'; Timestamp='2025-06-02T09:00:00Z'; IsBatch=''; Tags='' }
            )
            $rows | Add-LlmUsage -Database $db -PassThru";

        [Fact]
        public async System.Threading.Tasks.Task StartLlmCostDashboard_ServesThePageAndMetrics_UntilStopped()
        {
            // gpt-4o, 1,000 input and 1,000 output tokens: 1,000 x $2.50/M + 1,000 x $10/M = $0.0125.
            _host.Run("Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 1000 -OutputTokens 1000 -Timestamp '2025-06-01T10:00:00Z'", Vars());
            int port;
            using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
            }

            var output = new PSDataCollection<PSObject>();
            using var ps = _host.Start("Start-LlmCostDashboard -Database $db -Port $port", Vars(("port", port)), output, out var running);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (output.Count == 0 && !running.IsCompleted && DateTime.UtcNow < deadline) await System.Threading.Tasks.Task.Delay(20);
            // (The error stream is read only once the command has ended: enumerating a running one waits for more.)
            if (running.IsCompleted) Assert.Fail("the dashboard ended by itself: " + string.Join("; ", ps.Streams.Error));
            var url = Assert.IsType<Uri>(output[0].BaseObject);
            Assert.Equal($"http://127.0.0.1:{port}/", url.ToString());

            using (var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(20) })
            {
                string page = await http.GetStringAsync(url);
                Assert.Contains("<svg", page);
                string metrics = await http.GetStringAsync(new Uri(url, "metrics"));
                Assert.Contains("llmcost_cost_usd_total{provider=\"openai\",model=\"gpt-4o\"} 0.0125", metrics);
            }

            // Ctrl+C: StopProcessing ends the command promptly and the port is free again.
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            ps.Stop();
            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "still serving 10 s after Stop");
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(5), $"took {stopped.Elapsed.TotalSeconds:N1} s to stop");
            using var again = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            again.Start(); // throws if the server still held the port
            again.Stop();
        }

        [Fact]
        public void CsvShapedRows_PipeIntoAddLlmUsage_AndGetLlmCostBySessionIsTheHandTotal()
        {
            var (added, errors, _) = _host.Run(RecordTwoSessions, Vars());
            Assert.Empty(errors);
            Assert.Equal(new[] { "Added", "Added", "Added" }, added.Select(o => P<string>(o, "Status")));

            var (abc, _, _) = _host.Run("Get-LlmCost -Database $db -Session abc", Vars());
            Assert.Equal(0.00656m, P<decimal?>(abc.Single(), "Cost"));
            Assert.Equal(2L, P<long>(abc.Single(), "Requests"));

            var (bySession, _, _) = _host.Run("Get-LlmCost -Database $db -GroupBy Session", Vars());
            var map = bySession.ToDictionary(o => P<string>(o, "Key"), o => P<decimal?>(o, "Cost"));
            Assert.Equal(0.00656m, map["abc"]);
            Assert.Equal(0.0057m, map["xyz"]);

            // Re-adding the same rows changes nothing: same request keys.
            var (again, _, _) = _host.Run(RecordTwoSessions, Vars());
            Assert.All(again, o => Assert.Equal("Duplicate", P<string>(o, "Status")));
            var (total, _, _) = _host.Run("(Get-LlmCost -Database $db).Cost", Vars());
            Assert.Equal(0.01226m, (decimal)total.Single().BaseObject); // 0.00656 + 0.0057
        }

        [Fact]
        public void UsageObjects_HaveExcelFriendlyTypes_AndTagsAndBatchFromText()
        {
            _host.Run(RecordTwoSessions, Vars());
            var (rows, _, _) = _host.Run("Get-LlmUsage -Database $db", Vars());
            Assert.Equal(3, rows.Count);
            var first = rows[0];
            Assert.IsType<DateTime>(first.Properties["OccurredAt"].Value);
            Assert.Equal(DateTimeKind.Utc, P<DateTime>(first, "OccurredAt").Kind);
            Assert.IsType<long>(first.Properties["InputTokens"].Value);
            Assert.IsType<decimal>(first.Properties["Cost"].Value);
            Assert.IsType<string>(first.Properties["SessionId"].Value);
            Assert.Equal("team-a;prod", P<string>(first, "Tags"));
            Assert.False(P<bool>(first, "IsBatch"));
            // Every object of the kind has the same property set (Export-Excel takes columns from the first).
            Assert.All(rows, r => Assert.Equal(first.Properties.Select(p => p.Name), r.Properties.Select(p => p.Name)));
        }

        [Fact]
        public void GetLlmUsage_PipesIntoExportLlmCost_FilesRoundTrip()
        {
            _host.Run(RecordTwoSessions, Vars());
            string csv = Path.Combine(_dir, "usage.csv");
            string json = Path.Combine(_dir, "usage.json");
            var (_, e1, _) = _host.Run("Get-LlmUsage -Database $db | Export-LlmCost -Path $csv -Format Csv; Export-LlmCost -Database $db -Path $json -Format Json", Vars(("csv", csv), ("json", json)));
            Assert.Empty(e1);
            var lines = File.ReadAllLines(csv);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("OccurredAt,SessionId,Provider,Model", lines[0]);
            Assert.StartsWith("2025-06-01T10:00:00Z,abc,openai,gpt-4o,", lines[1]);
            Assert.Contains(",0.005615,USD,", lines[1]);

            int costColumn = Array.IndexOf(lines[0].Split(','), "Cost");
            decimal sum = lines.Skip(1).Sum(l => decimal.Parse(l.Split(',')[costColumn], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0.01226m, sum);

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(3, doc.RootElement.GetArrayLength());
            Assert.Equal(0.005615m, doc.RootElement[0].GetProperty("Cost").GetDecimal());
            Assert.Equal("2025-06-01T10:00:00Z", doc.RootElement[0].GetProperty("OccurredAt").GetString());

            // An existing file is overwritten as Export-Csv does; with -NoClobber it is not (issue 12).
            var err = _host.RunFailing("Export-LlmCost -Database $db -Path $csv -NoClobber", Vars(("csv", csv)));
            Assert.Equal("FileExists,LlmCost.PowerShell.Commands.ExportLlmCostCommand", err.FullyQualifiedErrorId);
        }

        [Fact]
        public void ExportWithoutPath_WritesFlatObjects()
        {
            _host.Run(RecordTwoSessions, Vars());
            var (rows, _, _) = _host.Run("Export-LlmCost -Database $db -GroupBy Model", Vars());
            Assert.Equal(3, rows.Count);
            Assert.Equal("LlmCost.PowerShell.Output.LlmCostSummary", rows[0].BaseObject.GetType().FullName);
            var (usage, _, _) = _host.Run("Export-LlmCost -Database $db", Vars());
            Assert.Equal(3, usage.Count);
        }

        [Fact]
        public void WhatIf_ChangesNothing()
        {
            _host.Run("Initialize-LlmCostStore -Database $db | Out-Null", Vars());
            _host.Run(@"
                Add-LlmUsage -Database $db -Model gpt-4o -Provider openai -InputTokens 10 -OutputTokens 1 -WhatIf
                Set-LlmModelPrice -Database $db -Provider acme -Model m1 -Input 1 -Output 2 -WhatIf
                Set-LlmBudget -Database $db -Name b -Amount 10 -WhatIf", Vars());
            var (info, _, _) = _host.Run("Get-LlmCostStore -Database $db", Vars());
            Assert.Equal(0L, P<long>(info.Single(), "Requests"));
            Assert.Equal(0L, P<long>(info.Single(), "CustomPrices"));
            Assert.Equal(0L, P<long>(info.Single(), "Budgets"));

            _host.Run("Set-LlmBudget -Database $db -Name keep -Amount 10; Remove-LlmBudget -Database $db -Name keep -WhatIf", Vars());
            var (budgets, _, _) = _host.Run("Get-LlmBudget -Database $db", Vars());
            Assert.Single(budgets);
            string file = Path.Combine(_dir, "x.csv");
            _host.Run("Export-LlmCost -Database $db -Path $f -WhatIf", Vars(("f", file)));
            Assert.False(File.Exists(file));
        }

        [Fact]
        public void BadInput_GivesStableErrorIds_AndTheGoodRecordsAreStillRecorded()
        {
            var (_, errors, _) = _host.Run(@"
                @(
                  [pscustomobject]@{ Model='gpt-4o'; Provider='openai'; InputTokens=10; CacheReadTokens=20; OutputTokens=1; RequestId='bad' }
                  [pscustomobject]@{ Model='gpt-4o'; Provider='openai'; InputTokens=1000; OutputTokens=0; RequestId='good' }
                ) | Add-LlmUsage -Database $db", Vars());
            var e = Assert.Single(errors);
            Assert.Equal("InvalidTokenCounts,LlmCost.PowerShell.Commands.AddLlmUsageCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Contains("CacheReadTokens", e.Exception.Message);
            var (total, _, _) = _host.Run("(Get-LlmCost -Database $db).Requests", Vars());
            Assert.Equal(1L, total.Single().BaseObject);

            var tz = _host.RunFailing("Get-LlmCost -Database $db -GroupBy Day -TimeZone Mars/Base", Vars());
            Assert.Equal("InvalidTimeZone,LlmCost.PowerShell.Commands.GetLlmCostCommand", tz.FullyQualifiedErrorId);

            var budget = _host.RunFailing("Set-LlmBudget -Database $db -Name b -Amount 10 -Notify 'pager:1'", Vars());
            Assert.Equal("InvalidNotificationTarget,LlmCost.PowerShell.Commands.SetLlmBudgetCommand", budget.FullyQualifiedErrorId);

            var (_, missing, _) = _host.Run("Remove-LlmBudget -Database $db -Name nope -Confirm:$false", Vars());
            Assert.Equal("BudgetNotFound,LlmCost.PowerShell.Commands.RemoveLlmBudgetCommand", Assert.Single(missing).FullyQualifiedErrorId);

            var (_, formula, _) = _host.Run("Add-LlmUsage -Database $db -Model gpt-4o -Provider openai -InputTokens 1 -OutputTokens 1 -SessionId '=HYPERLINK(1)'", Vars());
            Assert.Equal("InvalidUsageText,LlmCost.PowerShell.Commands.AddLlmUsageCommand", Assert.Single(formula).FullyQualifiedErrorId);
        }

        [Fact]
        public void UnknownModel_WarnsAndStaysUnpriced()
        {
            var (_, _, warnings) = _host.Run("Add-LlmUsage -Database $db -Model acme-7b -InputTokens 100 -OutputTokens 10", Vars());
            Assert.Contains(warnings, w => w.Contains("acme-7b") && w.Contains("unpriced"));
            var (cost, _, costWarnings) = _host.Run("Get-LlmCost -Database $db", Vars());
            Assert.Null(P<decimal?>(cost.Single(), "Cost"));
            Assert.Equal(1L, P<long>(cost.Single(), "UnpricedRequests"));
            Assert.Contains(costWarnings, w => w.Contains("no known price"));
        }

        [Fact]
        public void Prices_HistoryAndCustom()
        {
            var (o3, _, _) = _host.Run("Get-LlmModelPrice -Database $db -Model o3 -At '2025-06-01'; Get-LlmModelPrice -Database $db -Model o3 -At '2025-06-11'", Vars());
            Assert.Equal(new[] { 10m, 2m }, o3.Select(o => P<decimal>(o, "Input")));
            var (set, errors, _) = _host.Run("Set-LlmModelPrice -Database $db -Provider acme -Model acme-7b -Input 0.5 -Output 1.5 -PassThru", Vars());
            Assert.Empty(errors);
            Assert.Equal("custom", P<string>(set.Single(), "Source"));
            // 1,000,000 x 0.5 + 1,000,000 x 1.5 = $2
            var (r, _, _) = _host.Run("Add-LlmUsage -Database $db -Provider acme -Model acme-7b -InputTokens 1000000 -OutputTokens 1000000 -PassThru", Vars());
            Assert.Equal(2m, P<decimal?>(r.Single(), "Cost"));
            var (_, notFound, _) = _host.Run("Get-LlmModelPrice -Database $db -Model no-such-model", Vars());
            Assert.Equal("PriceNotFound,LlmCost.PowerShell.Commands.GetLlmModelPriceCommand", Assert.Single(notFound).FullyQualifiedErrorId);
        }

        [Fact]
        public void BudgetPipelines_SetExceedTestOnce_AndRemove()
        {
            _host.Run(RecordTwoSessions, Vars());
            // Total spend $0.01226 against $0.01: 50, 80 and 100 % reached.
            var (set, errors, _) = _host.Run("Set-LlmBudget -Database $db -Name team -Amount 0.01 -Period Total -PassThru", Vars());
            Assert.Empty(errors);
            Assert.Equal(122.6m, P<decimal>(set.Single(), "Percent"));

            var (first, _, _) = _host.Run("Get-LlmBudget -Database $db | Test-LlmBudget -Database $db", Vars());
            Assert.Equal("50;80;100", P<string>(first.Single(), "NewAlerts"));
            var (second, _, _) = _host.Run("Get-LlmBudget -Database $db | Test-LlmBudget -Database $db", Vars());
            Assert.Equal("", P<string>(second.Single(), "NewAlerts"));
            var (alerts, _, _) = _host.Run("Get-LlmBudgetAlert -Database $db", Vars());
            Assert.Equal(3, alerts.Count);

            var fail = _host.RunFailing("Test-LlmBudget -Database $db -FailOnBreach", Vars());
            Assert.Equal("BudgetBreached,LlmCost.PowerShell.Commands.TestLlmBudgetCommand", fail.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, fail.CategoryInfo.Category);

            _host.Run("Get-LlmBudget -Database $db -Name team | Remove-LlmBudget -Database $db -Confirm:$false", Vars());
            var (none, _, _) = _host.Run("Get-LlmBudget -Database $db", Vars());
            Assert.Empty(none);
        }

        [Fact]
        public void ImportLlmUsage_FolderTwice_ReportsBadLinesByFileAndLine()
        {
            string logs = Path.Combine(_dir, "logs");
            Directory.CreateDirectory(Path.Combine(logs, "project"));
            // Claude Code log: one message in two snapshots (last: example 2, $0.108) and a bad line.
            File.WriteAllText(Path.Combine(logs, "project", "sess-1.jsonl"),
                "{\"sessionId\":\"sess-1\",\"type\":\"assistant\",\"requestId\":\"req_1\",\"timestamp\":\"2025-08-01T09:00:00Z\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":10000,\"cache_read_input_tokens\":50000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":10000},\"output_tokens\":1}}}\n" +
                "{\"sessionId\":\"sess-1\",\"type\":\"assistant\",\"requestId\":\"req_1\",\"timestamp\":\"2025-08-01T09:00:03Z\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":10000,\"cache_read_input_tokens\":50000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":10000},\"output_tokens\":2000}}}\n" +
                "{\"sessionId\":\"sess-1\",\"type\":\"assistant\",\"message\":{ broken\n");
            var (first, errors, _) = _host.Run("Import-LlmUsage -Path $logs -Recurse -Database $db", Vars(("logs", logs)));
            var e = Assert.Single(errors);
            Assert.Equal("InvalidJson,LlmCost.PowerShell.Commands.ImportLlmUsageCommand", e.FullyQualifiedErrorId);
            Assert.EndsWith("sess-1.jsonl:3", (string)e.TargetObject);
            var summary = first.Single();
            Assert.Equal(1L, P<long>(summary, "Added"));
            Assert.Equal(3L, P<long>(summary, "Lines"));

            var (second, _, _) = _host.Run("[pscustomobject]@{ FullName = $f } | Import-LlmUsage -Database $db", Vars(("f", Path.Combine(logs, "project", "sess-1.jsonl"))));
            Assert.Equal(0L, P<long>(second.Single(), "Added"));
            var (cost, _, _) = _host.Run("Get-LlmCost -Database $db -Session sess-1", Vars());
            Assert.Equal(0.108m, P<decimal?>(cost.Single(), "Cost")); // 1000 x 3 + 50000 x 0.30 + 10000 x 6 + 2000 x 15 = 108000
        }

        [Fact]
        public void AddLlmUsage_FromRawResponseBodies()
        {
            // Gemini example 3 (tier above 200k): 200000 x 2.50 + 50000 x 0.25 + 4000 x 15 = 572500 -> $0.5725
            const string gemini = "{\"usageMetadata\":{\"promptTokenCount\":250000,\"candidatesTokenCount\":1000,\"cachedContentTokenCount\":50000,\"thoughtsTokenCount\":3000},\"modelVersion\":\"gemini-2.5-pro\",\"responseId\":\"g-1\"}";
            // Groq stream, example 7: $0.000945
            const string groqStream = "data: {\"id\":\"c1\",\"model\":\"llama-3.3-70b-versatile\",\"choices\":[],\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":300}}}\n\ndata: [DONE]\n";
            var (results, errors, _) = _host.Run("Add-LlmUsage -Database $db -Response $g -SessionId bodies -PassThru; [pscustomobject]@{ Response = $s; SessionId = 'bodies' } | Add-LlmUsage -Database $db -PassThru", Vars(("g", gemini), ("s", groqStream)));
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(x => x.ToString())));
            Assert.Equal(new decimal?[] { 0.5725m, 0.000945m }, results.Select(r => P<decimal?>(r, "Cost")));
            Assert.Equal(new[] { "google", "groq" }, results.Select(r => P<string>(r, "Provider")));

            var (_, bad, _) = _host.Run("Add-LlmUsage -Database $db -Response '{\"object\":\"list\"}'", Vars());
            Assert.Equal("NoUsageInResponse,LlmCost.PowerShell.Commands.AddLlmUsageCommand", Assert.Single(bad).FullyQualifiedErrorId);
        }

        [Fact]
        public void Completers_OfferStoreAndCatalogValues()
        {
            _host.Run(RecordTwoSessions + "; Set-LlmBudget -Database $db -Name 'monthly cap' -Amount 5", Vars());
            List<string> Complete(string line)
            {
                var (r, _, _) = _host.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText", Vars(("line", line)));
                return r.Select(o => (string)o.BaseObject).ToList();
            }

            Assert.Contains("abc", Complete($"Get-LlmCost -Database '{Db}' -Session a"));
            Assert.Contains("anthropic", Complete("Get-LlmCost -Provider an"));
            Assert.Contains("gpt-4o-mini", Complete("Get-LlmModelPrice -Provider openai -Model gpt-4o-m"));
            Assert.Contains("'monthly cap'", Complete($"Get-LlmBudget -Database '{Db}' -Name mon"));
        }

        [Fact]
        public void EveryExportedCmdlet_HasAnOutputType_AndApprovedVerb()
        {
            var (cmds, _, _) = _host.Run("Get-Command -Module LlmCost -CommandType Cmdlet");
            Assert.True(cmds.Count >= 15);
            var verbs = new[] { typeof(VerbsCommon), typeof(VerbsData), typeof(VerbsLifecycle), typeof(VerbsDiagnostic), typeof(VerbsCommunications), typeof(VerbsSecurity), typeof(VerbsOther) }
                .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!).ToHashSet();
            foreach (var c in cmds)
            {
                var info = (CmdletInfo)c.BaseObject;
                Assert.True(info.OutputType.Count > 0, info.Name + " has no OutputType");
                Assert.Contains(info.Verb, verbs);
                Assert.StartsWith("Llm", info.Noun);
                Assert.True(info.Parameters.ContainsKey("Database"), info.Name + " lacks -Database");
                // Test-LlmBudget records alerts; Test-LlmCostStore and Test-LlmModelPrice only read.
                var changesState = new[] { "Add", "Set", "Remove", "Initialize", "Import", "Export", "Test", "Copy", "Update" }.Contains(info.Verb)
                                   && info.Name != "Test-LlmCostStore" && info.Name != "Test-LlmModelPrice";
                if (changesState) Assert.True(info.Parameters.ContainsKey("WhatIf"), info.Name + " lacks -WhatIf");
            }
        }
    }
}
