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
