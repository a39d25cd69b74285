BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    $script:db = New-TestDbPath
    $script:bills = Join-Path $script:RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/bills'
    # Tracked: gpt-4o, 100,000 in / 10,000 out (2.5 / 10 $ per M) = $0.35 each: two on 2025-09-01, one on 2025-09-02;
    # gpt-4o-mini on 2025-09-03 (0.015 + 0.006 = $0.021), the day the fixture bill lacks.
    @(
        @{ Id = 'o1'; Model = 'gpt-4o'; At = '2025-09-01T10:00:00Z' }, @{ Id = 'o2'; Model = 'gpt-4o'; At = '2025-09-01T11:00:00Z' },
        @{ Id = 'o3'; Model = 'gpt-4o'; At = '2025-09-02T10:00:00Z' }, @{ Id = 'o4'; Model = 'gpt-4o-mini'; At = '2025-09-03T10:00:00Z' }
    ) | ForEach-Object {
        Add-LlmUsage -Database $script:db -Provider openai -Model $_.Model -InputTokens 100000 -OutputTokens 10000 -RequestId $_.Id -Timestamp $_.At -ErrorAction Stop | Out-Null
    }
}

AfterAll {
    Remove-TestDb $script:db
}

Describe 'Import-LlmProviderCost and Compare-LlmProviderCost' {
    It 'stores nothing with -WhatIf' {
        Import-LlmProviderCost -Database $script:db -Path (Join-Path $script:bills 'openai-costs.json') -WhatIf
        { Compare-LlmProviderCost -Database $script:db -ErrorAction Stop } | Should -Throw -ErrorId 'NoProviderCost*'
    }

    It 'imports report files from the pipeline, and again without counting twice' {
        $first = Get-ChildItem (Join-Path $script:bills 'openai-*.json') | Import-LlmProviderCost -Database $script:db -ErrorAction Stop
        $costs = $first | Where-Object Kind -eq 'Cost'
        # 0.5 + 0.2 + 0.25 + 0.1 + 0.05 + 0.3 = 1.40
        $costs.Amount | Should -Be 1.4
        $costs.Lines | Should -Be 6
        $again = Import-LlmProviderCost -Database $script:db -Path (Join-Path $script:bills 'openai-costs.json')
        $again.Replaced | Should -Be 6
    }

    It 'compares per day and model, with the missing day and the spend never tracked' {
        $rows = Compare-LlmProviderCost -Database $script:db -ErrorAction Stop
        ($rows | ForEach-Object { '{0:MM-dd} {1} {2}' -f $_.Day, $_.Model, $_.Status }) | Should -Be @(
            '09-01 gpt-4o Match', '09-02 gpt-4o Match', '09-02 web search tool calls NotTracked', '09-03 gpt-4o-mini NotBilled', '09-04 gpt-4o-mini NotTracked')
        $day1 = $rows[0]
        $day1.TrackedCost | Should -Be 0.7
        $day1.BilledInputTokens | Should -Be 200000
        (Compare-LlmProviderCost -Database $script:db -Status NotTracked).Count | Should -Be 2
        $text = $rows | Out-String -Width 80
        $text | Should -Match 'web search tool calls +0\.00 +0\.05 +\+0\.05 NotTracked'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'names the file and the field of a bad report, and stores nothing of the batch' {
        $bad = Join-Path ([System.IO.Path]::GetTempPath()) "bad-bill-$([guid]::NewGuid().ToString('N')).json"
        Set-Content -Path $bad -Value '{"data":[{"starting_at":"2025-09-05T00:00:00Z","ending_at":"2025-09-06T00:00:00Z","results":[{"amount":"abc"}]}]}'
        try {
            { Import-LlmProviderCost -Database $script:db -Path (Join-Path $script:bills 'anthropic-costs.json'), $bad -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidProviderReport*' -ExpectedMessage "*$bad*data[[]0].results[[]0].amount*"
            { Compare-LlmProviderCost -Database $script:db -Provider anthropic -ErrorAction Stop } | Should -Throw -ErrorId 'NoProviderCost*'
        }
        finally {
            Remove-Item $bad -ErrorAction SilentlyContinue
        }
    }
}
