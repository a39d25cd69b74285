#Requires -Version 7.4
# The hourly check as a scheduler runs it: README's pwsh command line in a child process, exit codes asserted
# (0 checked, 1 job broken, 2 usage error, 3 budget spent), the same table as `llmcost budget check --fail-on-breach`.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $command = Get-DocumentedCheckCommand
    $db = New-TestDbPath
    # A total budget of $0.01 and cost-rules example 1 ($0.005615, 56 %): within budget.
    Set-LlmBudget -Database $db -Name tiny -Amount 0.01 -Period Total -ErrorAction Stop | Out-Null
    Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId a -ErrorAction Stop 3>$null
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'The documented scheduled check' {
    It 'exits 0 when no budget is spent, and prints the statuses' {
        $r = Invoke-ChildPwsh $command @{ LLMCOST_DB = $db }
        $r.ExitCode | Should -Be 0 -Because $r.Err
        $r.Out | Should -Match 'tiny'
    }

    It 'exits 3 when a budget is spent, still printing the statuses' {
        # A second example-1 request: 2 x $0.005615 = $0.01123, 112 % of $0.01.
        Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId b -ErrorAction Stop 3>$null
        $r = Invoke-ChildPwsh $command @{ LLMCOST_DB = $db }
        $r.ExitCode | Should -Be 3
        $r.Out | Should -Match 'tiny'
        $r.Err | Should -Match 'tiny'
    }

    It 'exits 1 when the store is missing (a mistyped LLMCOST_DB), and creates no store' {
        $typo = $db + '.typo'
        $r = Invoke-ChildPwsh $command @{ LLMCOST_DB = $typo }
        $r.ExitCode | Should -Be 1
        $r.Err | Should -Match 'StoreNotFound|There is no LlmCost database'
        Test-Path $typo | Should -BeFalse
    }

    It 'exits 1 when the module cannot be loaded' {
        $r = Invoke-ChildPwsh ($command -replace 'Import-Module LlmCost', 'Import-Module LlmCostMissing') @{ LLMCOST_DB = $db }
        $r.ExitCode | Should -Be 1
    }

    It 'exits 2 on a usage error' {
        $r = Invoke-ChildPwsh ($command -replace 'Test-LlmBudget -FailOnBreach', 'Test-LlmBudget -FailOnBreach -NoSuchParameter') @{ LLMCOST_DB = $db }
        $r.ExitCode | Should -Be 2
    }
}
