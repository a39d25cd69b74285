#Requires -Version 7.4
# Default views stay readable at 80 columns (scheduled-task logs, `> log`): every line fits and the money columns
# are not dropped. Hand-computed: cost-rules example 1 = $0.005615, example 7 = $0.000945.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
    Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -SessionId session-abc -RequestId v1 -Tag team-a -Timestamp '2025-06-01T10:00:00Z' -ErrorAction Stop
    Add-LlmUsage -Database $db -Provider groq -Model llama-3.3-70b-versatile -InputTokens 1200 -OutputTokens 300 -SessionId session-xyz -RequestId v2 -Timestamp '2025-06-01T11:00:00Z' -ErrorAction Stop
    Set-LlmBudget -Database $db -Name a-rather-long-budget-name -Amount 0.01 -Period Total -ErrorAction Stop | Out-Null

    function Get-Rendered($objects) { ($objects | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() } }
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Views at 80 columns' {
    It '<Name> fits and shows <Column>' -ForEach @(
        @{ Name = 'Get-LlmCost'; Script = { Get-LlmCost -Database $db }; Column = 'Cost (USD)'; Value = '0.006560' }
        @{ Name = 'Get-LlmCost -GroupBy Session'; Script = { Get-LlmCost -Database $db -GroupBy Session }; Column = 'Cost (USD)'; Value = '0.005615' }
        @{ Name = 'Get-LlmUsage'; Script = { Get-LlmUsage -Database $db }; Column = 'Cost (USD)'; Value = '0.000945' }
        @{ Name = 'Get-LlmBudget'; Script = { Get-LlmBudget -Database $db }; Column = 'Status'; Value = 'info' }
        @{ Name = 'Test-LlmBudget'; Script = { Test-LlmBudget -Database $db -WhatIf }; Column = 'Percent'; Value = '65.6%' }
        @{ Name = 'Get-LlmModelPrice'; Script = { Get-LlmModelPrice -Database $db -Model gpt-4o -History }; Column = 'Output'; Value = 'gpt-4o' }
        @{ Name = 'Add-LlmUsage -PassThru'; Script = { Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId v1 -PassThru }; Column = 'Cost (USD)'; Value = 'Duplicate' }
    ) {
        $lines = Get-Rendered (& $Script)
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because $_ }
        ($lines -join "`n") | Should -Match ([regex]::Escape($Column))
        ($lines -join "`n") | Should -Match ([regex]::Escape($Value))
    }

    It 'labels totals and untagged groups' {
        ((Get-Rendered (Get-LlmCost -Database $db)) -join "`n") | Should -Match '\(total\)'
        ((Get-Rendered (Get-LlmCost -Database $db -GroupBy Tag)) -join "`n") | Should -Match '\(untagged\)'
    }

    It 'keeps the session names through Get-LlmCost -GroupBy Session | Get-LlmCost' {
        $again = Get-LlmCost -Database $db -GroupBy Session | Get-LlmCost -Database $db
        $again.Key | Sort-Object | Should -Be @('session-abc', 'session-xyz')
        ($again | Where-Object Key -eq 'session-abc').Cost | Should -Be 0.005615d
    }
}
