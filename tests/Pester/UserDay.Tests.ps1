#Requires -Version 7.4
# End-to-end as a user: Pester 5 in a real pwsh against the module laid out by `dotnet build` in out/LlmCost.
# Expected costs are hand calculations from docs/cost-rules.md (USD per million tokens):
#   abc: gpt-4o, example 1: 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> 0.005615
#        llama-3.3-70b-versatile, example 7: 1200 x 0.59 + 300 x 0.79 = 945 -> 0.000945      abc total 0.00656
#   xyz: claude-haiku-4-5, example 6: 200 x 1 + 4000 x 1.25 + 100 x 5 = 5700 -> 0.0057
#   all: 0.00656 + 0.0057 = 0.01226

Describe 'A day with LlmCost' {
    BeforeAll {
        $script:modulePath = Join-Path $PSScriptRoot '../../out/LlmCost/LlmCost.psd1'
        Import-Module $script:modulePath -Force -ErrorAction Stop
        $script:db = Join-Path ([System.IO.Path]::GetTempPath()) ('llmcost-pester-' + [guid]::NewGuid().ToString('N') + '.db')

        $csvPath = Join-Path $TestDrive 'usage.csv'
        @(
            'Provider,Model,InputTokens,CacheReadTokens,CacheWrite5mTokens,OutputTokens,SessionId,RequestId,Timestamp,IsBatch,Tags'
            'openai,gpt-4o-2024-08-06,2006,1920,0,300,abc,req-1,2025-06-01T10:00:00Z,false,team-a;prod'
            'groq,llama-3.3-70b-versatile,1200,0,0,300,abc,req-2,2025-06-01T11:00:00Z,false,team-a'
            'anthropic,claude-haiku-4-5-20251001,4200,0,4000,100,xyz,req-3,2025-06-02T09:00:00Z,false,'
        ) | Set-Content -Path $csvPath -Encoding utf8
        $script:usageCsv = $csvPath
    }

    AfterAll {
        Remove-Module LlmCost -ErrorAction SilentlyContinue
        try { [Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools() } catch { }
        Remove-Item -Path "$($script:db)*" -ErrorAction SilentlyContinue
    }

    It 'records usage for two sessions from a CSV file' {
        $results = Import-Csv -Path $script:usageCsv | Add-LlmUsage -Database $script:db -PassThru -ErrorAction Stop
        $results.Count | Should -Be 3
        $results.Status | Should -Be @('Added', 'Added', 'Added')
        $results[0].Cost | Should -Be 0.005615d
    }

    It 'counts a re-import once' {
        $again = Import-Csv -Path $script:usageCsv | Add-LlmUsage -Database $script:db -PassThru -ErrorAction Stop
        $again.Status | Should -Be @('Duplicate', 'Duplicate', 'Duplicate')
        (Get-LlmCost -Database $script:db).Requests | Should -Be 3
    }

    It 'Get-LlmCost -Session equals the hand-computed totals' {
        (Get-LlmCost -Database $script:db -Session abc).Cost | Should -Be 0.00656d
        (Get-LlmCost -Database $script:db -Session xyz).Cost | Should -Be 0.0057d
        (Get-LlmCost -Database $script:db).Cost | Should -Be 0.01226d
        $byModel = Get-LlmCost -Database $script:db -GroupBy Model
        $byModel.Count | Should -Be 3
    }

    It 'reports a spent budget once' {
        Set-LlmBudget -Database $script:db -Name pester -Amount 0.01 -Period Total -ErrorAction Stop
        $first = Test-LlmBudget -Database $script:db -Name pester
        $first.NewAlerts | Should -Be '50;80;100'
        $first.IsBreached | Should -BeTrue
        $second = Get-LlmBudget -Database $script:db -Name pester | Test-LlmBudget -Database $script:db
        $second.NewAlerts | Should -Be ''
        (Get-LlmBudgetAlert -Database $script:db -Name pester).Count | Should -Be 3
    }

    It 'ends with a BudgetBreached error when a budget is spent' {
        { Test-LlmBudget -Database $script:db -FailOnBreach } | Should -Throw -ErrorId 'BudgetBreached,LlmCost.PowerShell.Commands.TestLlmBudgetCommand'
    }

    It 'round-trips the costs through Excel' {
        # ImportExcel is not on any package registry here: $env:LLMCOST_IMPORTEXCEL (its folder or .psd1), the copy
        # beside this repository (../shared/tools), or an installed module.
        $candidates = @($env:LLMCOST_IMPORTEXCEL, (Join-Path $PSScriptRoot '../../../shared/tools/ImportExcel/7.8.10')) | Where-Object { $_ -and (Test-Path $_) }
        $importExcel = if ($candidates) { @($candidates)[0] } else { (Get-Module -ListAvailable -Name ImportExcel | Select-Object -First 1).Path }
        if (-not $importExcel) {
            Set-ItResult -Skipped -Because 'ImportExcel was not found: set LLMCOST_IMPORTEXCEL to its folder, or install the module'
            return
        }

        if (Test-Path $importExcel -PathType Container) { $importExcel = Join-Path $importExcel 'ImportExcel.psd1' }
        Import-Module $importExcel -ErrorAction Stop
        $xlsx = Join-Path $TestDrive 'costs.xlsx'
        Export-LlmCost -Database $script:db | Export-Excel -Path $xlsx -WorksheetName Requests
        $rows = Import-Excel -Path $xlsx -WorksheetName Requests
        $rows.Count | Should -Be 3
        $sum = [decimal]0
        foreach ($row in $rows) { $sum += [decimal]$row.Cost }
        $sum | Should -Be 0.01226d
        $rows[0].SessionId | Should -BeOfType [string]
    }

    It 'writes CSV and JSON files that read back to the same costs' {
        $csv = Join-Path $TestDrive 'export.csv'
        $json = Join-Path $TestDrive 'export.json'
        Export-LlmCost -Database $script:db -Path $csv -Format Csv -ErrorAction Stop
        Get-LlmUsage -Database $script:db | Export-LlmCost -Path $json -Format Json -ErrorAction Stop

        $fromCsv = Import-Csv -Path $csv
        $fromCsv.Count | Should -Be 3
        $sum = [decimal]0
        foreach ($row in $fromCsv) { $sum += [decimal]::Parse($row.Cost, [cultureinfo]::InvariantCulture) }
        $sum | Should -Be 0.01226d
        $fromCsv[0].OccurredAt | Should -Be '2025-06-01T10:00:00Z'

        $fromJson = Get-Content -Path $json -Raw | ConvertFrom-Json
        $fromJson.Count | Should -Be 3
        $sum = [decimal]0
        foreach ($row in $fromJson) { $sum += [decimal]$row.Cost }
        $sum | Should -Be 0.01226d
    }

    It 'refuses bad input with a stable error id' {
        { Add-LlmUsage -Database $script:db -Model gpt-4o -Provider openai -InputTokens 10 -CacheReadTokens 20 -OutputTokens 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTokenCounts,LlmCost.PowerShell.Commands.AddLlmUsageCommand'
    }
}
