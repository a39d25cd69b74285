#Requires -Version 7.4
# Export-LlmCost -Path: overwrites like Export-Csv, -NoClobber refuses, never leaves half a file.
# Hand-computed: cost-rules example 1, 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
    Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId e1 -Timestamp '2025-06-01T10:00:00Z' -ErrorAction Stop
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Export-LlmCost -Path' {
    It 'overwrites an existing file, as Export-Csv does' {
        $csv = Join-Path $TestDrive 'costs.csv'
        Set-Content -Path $csv -Value 'old content'
        Export-LlmCost -Database $db -Path $csv -ErrorAction Stop
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 1
        [decimal]::Parse($rows[0].Cost, [cultureinfo]::InvariantCulture) | Should -Be 0.005615d
        Get-ChildItem $TestDrive -Filter '*.partial-*' | Should -BeNullOrEmpty
    }

    It 'refuses to overwrite with -NoClobber, keeping the file' {
        $csv = Join-Path $TestDrive 'keep.csv'
        Set-Content -Path $csv -Value 'keep me'
        { Export-LlmCost -Database $db -Path $csv -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,LlmCost.PowerShell.Commands.ExportLlmCostCommand'
        Get-Content $csv | Should -Be 'keep me'
    }
}

Describe 'Export-LlmCost -Format Focus' {
    It 'writes FOCUS 1.2 rows whose BilledCost adds up to the stored cost' {
        # cost-rules example 1 split by token kind: 86 x 2.50 = 215, 1920 x 1.25 = 2400, 300 x 10 = 3000 per 1M.
        $rows = @(Export-LlmCost -Database $db -Format Focus -ErrorAction Stop)
        @($rows.x_TokenKind) | Should -Be @('input', 'cache-read', 'output')
        @($rows.BilledCost) | Should -Be @(0.000215d, 0.0024d, 0.003d)
        ($rows | Measure-Object BilledCost -Sum).Sum | Should -Be 0.005615
        $rows[0].ChargeCategory | Should -Be 'Usage'
        $rows[0].ServiceCategory | Should -Be 'AI and Machine Learning'

        $csv = Join-Path $TestDrive 'focus.csv'
        Export-LlmCost -Database $db -Format Focus -Path $csv -ErrorAction Stop
        (Get-Content $csv -First 1) | Should -BeLike 'BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,*'
        @(Import-Csv $csv).Count | Should -Be 3
    }
}

Describe 'Export-LlmCostReport' {
    It 'writes one HTML file for the range and returns it' {
        $html = Join-Path $TestDrive 'report.html'
        $file = Export-LlmCostReport -Database $db -Path $html -Since 2025-06-01 -Until 2025-07-01 -ErrorAction Stop
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be $html
        $text = Get-Content $html -Raw
        $text | Should -Match '<svg data-chart="daily"'
        # The one request of June: cost-rules example 1, $0.005615.
        $text | Should -Match '2025-06-01 openai: \$0\.005615'
        $text | Should -Match '2025-06-01 to 2025-06-30 \(UTC\)'
    }

    It 'writes nothing with -WhatIf, and -NoClobber keeps an existing file' {
        $html = Join-Path $TestDrive 'whatif.html'
        Export-LlmCostReport -Database $db -Path $html -WhatIf
        Test-Path $html | Should -BeFalse
        Set-Content -Path $html -Value 'keep me'
        { Export-LlmCostReport -Database $db -Path $html -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,LlmCost.PowerShell.Commands.ExportLlmCostReportCommand'
        Get-Content $html | Should -Be 'keep me'
    }
}
