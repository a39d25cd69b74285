BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    $script:db = New-TestDbPath
    # Session "nightly": 24 claude-sonnet-4-5 requests 10 minutes apart, 10,000 in / 1,000 out (3 / 15 $ per M):
    # 0.03 + 0.015 = 0.045 each, 1.08 together; in batch half, 0.54. From the first request's day (3 September) to the
    # window's end (1 October) is 28 days: a month saves 0.54 x 30.4375 / 28 = 0.587009 (rounded).
    $start = [datetime]::new(2025, 9, 3, 0, 0, 0, [DateTimeKind]::Utc)
    0..23 | ForEach-Object {
        [pscustomobject]@{ Provider = 'anthropic'; Model = 'claude-sonnet-4-5'; InputTokens = 10000; OutputTokens = 1000; SessionId = 'nightly'; RequestId = "n$_"; Timestamp = $start.AddMinutes(10 * $_) }
    } | Add-LlmUsage -Database $script:db -ErrorAction Stop | Out-Null
}

AfterAll {
    Remove-TestDb $script:db
}

Describe 'Get-LlmCostRecommendation' {
    It 'ranks the suggestions of a window with their monthly saving' {
        $recs = Get-LlmCostRecommendation -Database $script:db -Since 2025-09-01 -Until 2025-10-01 -MinimumSaving 0 -ErrorAction Stop
        $batch = $recs | Where-Object Kind -eq 'Batch'
        $batch.Scope | Should -Be 'session nightly'
        $batch.Cost | Should -Be 1.08
        $batch.EstimatedCost | Should -Be 0.54
        $batch.MonthlySaving | Should -Be 0.587009
        # claude-sonnet-4-5 on claude-haiku-4-5 (1 / 5): 0.01 + 0.005 = 0.015 each, 0.36; saving 0.72, a month
        # 0.72 x 30.4375 / 28 = 0.782679 (rounded).
        $cheaper = $recs | Where-Object Kind -eq 'CheaperModel'
        $cheaper.EstimatedCost | Should -Be 0.36
        $cheaper.MonthlySaving | Should -Be 0.782679
        ($recs | ForEach-Object Rank) | Should -Be @(1, 2)
        $recs[0].Kind | Should -Be 'CheaperModel'
    }

    It 'leaves out what saves less than -MinimumSaving, and filters by -Kind' {
        Get-LlmCostRecommendation -Database $script:db -Since 2025-09-01 -Until 2025-10-01 | Should -BeNullOrEmpty
        $only = Get-LlmCostRecommendation -Database $script:db -Since 2025-09-01 -Until 2025-10-01 -MinimumSaving 0 -Kind Batch
        @($only).Count | Should -Be 1
        $only.Kind | Should -Be 'Batch'
    }

    It 'shows each suggestion as a list that fits an 80-column log' {
        $text = Get-LlmCostRecommendation -Database $script:db -Since 2025-09-01 -Until 2025-10-01 -MinimumSaving 0 | Out-String -Width 80
        $text | Should -Match 'MonthlySaving : \$0\.587009'
        $text | Should -Match 'Send this work as batch requests'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'refuses an empty window with a stable error id' {
        { Get-LlmCostRecommendation -Database $script:db -Since 2025-09-01 -Until 2025-09-01 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRange*'
    }
}
