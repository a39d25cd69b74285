BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    $script:pg = Start-TestPostgres
}

AfterAll {
    Stop-TestPostgres $script:pg
}

Describe 'The cmdlets on the PostgreSQL team store' {
    It 'record, dedupe, sum and budget on a connection string, as on a file' {
        $db = $script:pg.ConnectionString
        $info = Initialize-LlmCostStore -Database $db -ErrorAction Stop
        $info.Path | Should -BeLike 'postgresql://llmcost_test@127.0.0.1:*/postgres'
        $info.Path | Should -Not -Match $script:pg.Password

        # groq llama-3.3-70b-versatile at 0.59 / 0.79 $ per M: 1,200 x 0.59 + 300 x 0.79 = 945 -> $0.000945
        $usage = @{ Database = $db; Provider = 'groq'; Model = 'llama-3.3-70b-versatile'; InputTokens = 1200; OutputTokens = 300; SessionId = 'team'; RequestId = 'r1' }
        Add-LlmUsage @usage -ErrorAction Stop
        Add-LlmUsage @usage -ErrorAction Stop   # the same request from another host
        $cost = Get-LlmCost -Database $db -SessionId team -ErrorAction Stop
        $cost.Requests | Should -Be 1
        $cost.Cost | Should -Be 0.000945

        Set-LlmBudget -Database $db -Name team -Amount 0.001 -Period Total -ErrorAction Stop | Out-Null
        # $0.000945 of $0.001 = 94.5%: 50 and 80 reached, once, however often the check runs.
        $first = Test-LlmBudget -Database $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $second = Test-LlmBudget -Database $db -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @(Get-LlmBudgetAlert -Database $db).Threshold | Sort-Object | Should -Be @(50, 80)
        (Test-LlmCostStore -Database $db).Healthy | Should -BeTrue
    }

    It 'names the store and the cause when the login is refused, without the password' {
        $bad = $script:pg.ConnectionString -replace 'Password=[^;]*', 'Password=not-it'
        $caught = $null
        try { Get-LlmCost -Database $bad -ErrorAction Stop | Out-Null } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'StoreAccessDenied,*'
        $caught.Exception.Message | Should -Match 'refused the login'
        $caught.Exception.Message | Should -Not -Match 'not-it'
        $caught.TargetObject | Should -Not -Match 'not-it'
    }
}

Describe 'Copy-LlmCostStore' {
    It 'pushes a file to the team store once, however often it runs, and copies it back' {
        $file = New-TestDbPath
        $back = New-TestDbPath
        try {
            $cs = $script:pg.ConnectionString
            # gpt-4o at 2.5 / 10 $ per M: 1,000 x 2.5 + 100 x 10 = 3,500 -> $0.0035 each
            foreach ($i in 1..3) {
                Add-LlmUsage -Database $file -Provider openai -Model gpt-4o -InputTokens 1000 -OutputTokens 100 -SessionId laptop -RequestId "l$i" -ErrorAction Stop
            }

            $first = Copy-LlmCostStore -Source $file -Destination $cs -ErrorAction Stop
            $first.Added | Should -Be 3
            $first.Destination | Should -Not -Match $script:pg.Password
            $again = Copy-LlmCostStore -Source $file -Destination $cs -ErrorAction Stop
            $again.Added | Should -Be 0
            $again.AlreadyThere | Should -Be 3
            (Get-LlmCost -Database $cs -SessionId laptop).Cost | Should -Be 0.0105

            Copy-LlmCostStore -Source $cs -Destination $back -ErrorAction Stop | Out-Null
            (Get-LlmCost -Database $back -SessionId laptop).Cost | Should -Be 0.0105
            Copy-LlmCostStore -Source $file -Destination $cs -WhatIf | Should -BeNullOrEmpty
        }
        finally {
            Remove-TestDb $file
            Remove-TestDb $back
        }
    }
}
