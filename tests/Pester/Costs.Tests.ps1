#Requires -Version 7.4
# Cost queries: session wildcards, a warning when filters match nothing, and what a time without an offset means.
# Hand-computed (cost-rules examples): gpt-4o 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615;
# llama-3.3-70b-versatile 1200 x 0.59 + 300 x 0.79 = 945 -> $0.000945.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
    # 02:00 UTC on 1 June is still 31 May (22:00) in New York.
    Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -SessionId doc-1 -RequestId c1 -Timestamp '2025-06-01T02:00:00Z' -ErrorAction Stop
    Add-LlmUsage -Database $db -Provider groq -Model llama-3.3-70b-versatile -InputTokens 1200 -OutputTokens 300 -SessionId doc-2 -RequestId c2 -Timestamp '2025-06-01T15:00:00Z' -ErrorAction Stop
    Add-LlmUsage -Database $db -Provider groq -Model llama-3.3-70b-versatile -InputTokens 1200 -OutputTokens 300 -SessionId other -RequestId c3 -Timestamp '2025-06-01T16:00:00Z' -ErrorAction Stop
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Session filters' {
    It 'take wildcards in Get-LlmCost and Get-LlmUsage' {
        # doc-1 + doc-2 = 0.005615 + 0.000945
        (Get-LlmCost -Database $db -Session 'doc*' -ErrorAction Stop).Cost | Should -Be 0.00656d
        (Get-LlmUsage -Database $db -Session 'doc-?' -ErrorAction Stop).RequestId | Sort-Object | Should -Be @('c1', 'c2')
        (Get-LlmCost -Database $db -Session 'doc-1', 'oth*' -ErrorAction Stop).Requests | Should -Be 2
    }

    It 'warn, naming the filter, when nothing matches' {
        $r = Get-LlmCost -Database $db -Session 'nobody' -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        $r.Requests | Should -Be 0
        "$w" | Should -BeLike "*-Session 'nobody'*"
        Get-LlmUsage -Database $db -Model 'gpt-5-typo' -WarningVariable w2 -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        "$w2" | Should -BeLike "*-Model 'gpt-5-typo'*"
    }

    It 'do not warn when something matches' {
        Get-LlmCost -Database $db -Session 'doc*' -WarningVariable w -WarningAction SilentlyContinue | Out-Null
        $w | Should -BeNullOrEmpty
    }
}

Describe 'A time without an offset' {
    It 'is read in UTC when no -TimeZone is given, whatever the machine''s zone (as in the CLI)' {
        $cmd = "Import-Module LlmCost; (Get-LlmCost -Database '$db' -Since 2025-06-01 -Until 2025-06-02).Cost"
        $r = Invoke-ChildPwsh $cmd @{ TZ = 'America/New_York' }
        $r.ExitCode | Should -Be 0 -Because $r.Err
        # All three requests are on 1 June UTC: 0.005615 + 0.000945 + 0.000945
        [decimal]::Parse($r.Out.Trim(), [cultureinfo]::InvariantCulture) | Should -Be 0.007505d
    }

    It 'is read in -TimeZone, the zone the day groups use' {
        # In New York, 1 June holds only the two afternoon requests (the 02:00 UTC one is 31 May).
        (Get-LlmCost -Database $db -Since 2025-06-01 -Until 2025-06-02 -TimeZone America/New_York).Cost | Should -Be 0.00189d
        $days = Get-LlmCost -Database $db -GroupBy Day -TimeZone America/New_York
        $days.Count | Should -Be 2
    }

    It 'keeps the instant of a local or offset time' {
        (Get-LlmCost -Database $db -Since ([datetimeoffset]'2025-06-01T11:00:00-04:00').UtcDateTime).Requests | Should -Be 2
    }

    It 'refuses -Since after -Until' {
        { Get-LlmCost -Database $db -Since 2025-06-02 -Until 2025-06-01 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRange,LlmCost.PowerShell.Commands.GetLlmCostCommand'
    }
}

Describe 'Several grouping keys' {
    It 'give one object per day and model, with the model, the period and its share of the cost' {
        # New York: 31 May gpt-4o $0.005615; 1 June llama $0.000945 x 2 = $0.00189. Total $0.007505.
        $rows = Get-LlmCost -Database $db -GroupBy Day,Model -TimeZone America/New_York -ErrorAction Stop
        $rows.Count | Should -Be 2
        $rows[0].GroupBy | Should -Be 'Day,Model'
        $rows[0].Key | Should -Be '2025-05-31 | gpt-4o'
        $rows[0].Model | Should -Be 'gpt-4o'
        $rows[0].Provider | Should -Be 'openai'
        $rows[0].PeriodStart | Should -Be ([datetime]::new(2025, 5, 31, 4, 0, 0, [DateTimeKind]::Utc))
        $rows[0].Share | Should -Be (0.005615d / 0.007505d)
        $rows[1].Cost | Should -Be 0.00189d
        ($rows | Measure-Object -Property Share -Sum).Sum | Should -Be 1
    }

    It 'are written to CSV with Tag and Share columns' {
        $csv = Join-Path ([IO.Path]::GetTempPath()) ("llmcost-groups-" + [guid]::NewGuid().ToString('N') + '.csv')
        try {
            Export-LlmCost -Database $db -GroupBy Week,Provider -Path $csv -ErrorAction Stop
            $rows = Import-Csv $csv
            $rows[0].PSObject.Properties.Name | Should -Contain 'Share'
            $rows[0].PSObject.Properties.Name | Should -Contain 'Tag'
            ($rows | Where-Object Provider -eq 'groq').Cost | Should -Be '0.00189'
        } finally { Remove-Item $csv -ErrorAction SilentlyContinue }
    }

    It 'refuses two calendar periods, naming them' {
        { Get-LlmCost -Database $db -GroupBy Day,Month -ErrorAction Stop } | Should -Throw -ErrorId 'ConflictingGroupBy,LlmCost.PowerShell.Commands.GetLlmCostCommand'
    }
}

Describe 'Model filters name a model, not a spelling' {
    BeforeAll {
        $mdb = New-TestDbPath
        # o3 before 2025-06-10: $10 input, $40 output per million: 1000 x 10 + 100 x 40 = 14000 -> $0.014
        Add-LlmUsage -Database $mdb -Provider openai -Model o3-2025-04-16 -InputTokens 1000 -OutputTokens 100 -RequestId m1 -Timestamp '2025-06-01T10:00:00Z' -ErrorAction Stop
        # claude-sonnet-4: $3 input, $15 output: 1000 x 3 + 100 x 15 = 4500 -> $0.0045
        Add-LlmUsage -Database $mdb -Provider anthropic -Model claude-sonnet-4-20250514 -InputTokens 1000 -OutputTokens 100 -RequestId m2 -Timestamp '2025-06-01T10:00:00Z' -ErrorAction Stop
    }

    AfterAll {
        Remove-TestDb $mdb
    }

    It 'Get-LlmCost -Model o3 counts stored o3-2025-04-16 requests' {
        $c = Get-LlmCost -Database $mdb -Model o3 -ErrorAction Stop
        $c.Requests | Should -Be 1
        $c.Cost | Should -Be 0.014d
    }

    It 'an alias matches the dated id' {
        (Get-LlmCost -Database $mdb -Model claude-sonnet-4-0 -ErrorAction Stop).Cost | Should -Be 0.0045d
        (Get-LlmUsage -Database $mdb -Model claude-sonnet-4-0 -ErrorAction Stop).RequestId | Should -Be 'm2'
    }

    It 'completes -Model with the stored models first' {
        $completions = TabExpansion2 -inputScript "Get-LlmCost -Database '$mdb' -Model " -cursorColumn ("Get-LlmCost -Database '$mdb' -Model ".Length)
        $texts = $completions.CompletionMatches.CompletionText
        $texts[0..1] | Sort-Object | Should -Be @('claude-sonnet-4-20250514', 'o3-2025-04-16')
        $texts | Should -Contain 'gpt-4o'
    }
}
