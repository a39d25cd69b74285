#Requires -Version 7.4
# Anomalies: a day far above the recent norm is flagged with its spend and the expected range.
# Fifteen days of one cost-rules example 1 request each ($0.005615 a day), then a day of twenty: 20 x 0.005615 = $0.1123.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
    $start = [datetime]::new(2025, 6, 1, 12, 0, 0, [DateTimeKind]::Utc)
    $rows = for ($d = 0; $d -lt 15; $d++) {
        [pscustomobject]@{ Provider = 'openai'; Model = 'gpt-4o'; InputTokens = 2006; CacheReadTokens = 1920; OutputTokens = 300; RequestId = "d$d"; Timestamp = $start.AddDays($d) }
    }
    $spike = for ($i = 0; $i -lt 20; $i++) {
        [pscustomobject]@{ Provider = 'openai'; Model = 'gpt-4o'; InputTokens = 2006; CacheReadTokens = 1920; OutputTokens = 300; RequestId = "s$i"; Timestamp = $start.AddDays(15).AddMinutes($i) }
    }
    @($rows) + @($spike) | Add-LlmUsage -Database $db -ErrorAction Stop
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Get-LlmCostAnomaly' {
    It 'flags the spike day, with its spend and a norm around the usual day' {
        $a = Get-LlmCostAnomaly -Database $db -Since '2025-06-16' -Until '2025-06-17' -Scope all -ErrorAction Stop
        $a.Count | Should -Be 1
        $a[0].Day.ToString('yyyy-MM-dd') | Should -Be '2025-06-16'
        $a[0].Spent | Should -Be 0.1123d
        $a[0].Expected | Should -Be 0.005615d
        $a[0].Direction | Should -Be 'spike'
    }

    It 'finds nothing on an ordinary day' {
        Get-LlmCostAnomaly -Database $db -Since '2025-06-14' -Until '2025-06-15' -Scope all -ErrorAction Stop | Should -BeNullOrEmpty
    }
}
