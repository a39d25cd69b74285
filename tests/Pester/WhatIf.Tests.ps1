BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    $script:db = New-TestDbPath
    # gpt-4o (2.5 / 10 $ per M): q1 100,000 in / 10,000 out = $0.35; q2 250,000 in / 1,000 out = $0.635.
    Add-LlmUsage -Database $script:db -Provider openai -Model gpt-4o -InputTokens 100000 -OutputTokens 10000 -SessionId w -RequestId q1 -Timestamp '2025-09-01T12:00:00Z' -ErrorAction Stop
    Add-LlmUsage -Database $script:db -Provider openai -Model gpt-4o -InputTokens 250000 -OutputTokens 1000 -SessionId w -RequestId q2 -Timestamp '2025-09-01T12:01:00Z' -ErrorAction Stop
}

AfterAll {
    Remove-TestDb $script:db
}

Describe 'Compare-LlmModelCost' {
    It 'prices the scope on each alternative, request by request' {
        $rows = Compare-LlmModelCost -Database $script:db -Session w -Alternative gpt-4o-mini, google/gemini-2.5-pro -ErrorAction Stop
        $rows.Count | Should -Be 2
        # gpt-4o-mini (0.15 / 0.6): 0.015 + 0.006 + 0.0375 + 0.0006 = 0.0591
        $rows[0].Cost | Should -Be 0.0591
        $rows[0].ActualCost | Should -Be 0.985
        # gemini-2.5-pro: q1 below the 200k tier 0.125 + 0.1 = 0.225; q2 above it 0.625 + 0.015 = 0.64 -> 0.865, -12.18 %
        $rows[1].Cost | Should -Be 0.865
        $rows[1].DifferencePercent | Should -Be -12.18
    }

    It 'shows batch on the same models, and fits an 80-column log' {
        $row = Compare-LlmModelCost -Database $script:db -Session w -Batch
        $row.Alternative | Should -Be 'same models batch'
        $row.Cost | Should -Be 0.4925
        $text = $row | Format-Table | Out-String -Width 80
        $text | Should -Match '0\.4925'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'refuses a cache hit rate outside 0..1 before reading anything' {
        { Compare-LlmModelCost -Database $script:db -CacheHitRate 1.5 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
