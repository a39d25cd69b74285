#Requires -Version 7.4
# Budgets: removing one deletes its alert history, so PowerShell asks first.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Remove-LlmBudget' {
    It 'has ConfirmImpact High, so it asks under the default $ConfirmPreference' {
        (Get-Command Remove-LlmBudget).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact |
            Should -Be 'High'
        # A non-interactive pwsh cannot ask: the budget stays.
        Set-LlmBudget -Database $db -Name keep -Amount 10 -ErrorAction Stop | Out-Null
        $r = Invoke-ChildPwsh "Import-Module LlmCost; Remove-LlmBudget -Database '$db' -Name keep" @{}
        (Get-LlmBudget -Database $db -Name keep).Name | Should -Be 'keep'
    }

    It 'removes with -Confirm:$false' {
        Set-LlmBudget -Database $db -Name gone -Amount 10 -ErrorAction Stop | Out-Null
        Remove-LlmBudget -Database $db -Name gone -Confirm:$false -ErrorAction Stop
        Get-LlmBudget -Database $db -Name gone -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Set-LlmBudget on an existing budget' {
    BeforeAll {
        # cost-rules example 1 ($0.005615) tagged team-a, example 7 ($0.000945) untagged.
        Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -Tag team-a -RequestId t1 -ErrorAction Stop 3>$null
        Add-LlmUsage -Database $db -Provider groq -Model llama-3.3-70b-versatile -InputTokens 1200 -OutputTokens 300 -RequestId t2 -ErrorAction Stop 3>$null
        Set-LlmBudget -Database $db -Name team-a -Amount 500 -Period Total -Tag team-a -Threshold 25, 75 -TimeZone Europe/Berlin `
            -Notify 'slack:https://hooks.slack.com/services/T0/B0/secret-token' -ErrorAction Stop | Out-Null
    }

    It 'shows the whole definition, secrets masked' {
        $b = Get-LlmBudget -Database $db -Name team-a -ErrorAction Stop
        $b.ScopeTag | Should -Be 'team-a'
        $b.Thresholds | Should -Be '25;75'
        $b.TimeZone | Should -Be 'Europe/Berlin'
        $b.Targets | Should -BeLike 'slack:https://hooks.slack.com/*'
        $b.Targets | Should -Not -BeLike '*secret-token*'
        $b.Spent | Should -Be 0.005615d
    }

    It 'changes only the amount when only -Amount is given' {
        Set-LlmBudget -Database $db -Name team-a -Amount 600 -ErrorAction Stop | Out-Null
        $b = Get-LlmBudget -Database $db -Name team-a
        $b.Limit | Should -Be 600
        $b.ScopeTag | Should -Be 'team-a'
        $b.Thresholds | Should -Be '25;75'
        $b.Targets | Should -BeLike 'slack:*'
        $b.Spent | Should -Be 0.005615d
    }

    It 'removes a filter only when told, with an empty text' {
        Set-LlmBudget -Database $db -Name team-a -Tag '' -ErrorAction Stop | Out-Null
        $b = Get-LlmBudget -Database $db -Name team-a
        $b.ScopeTag | Should -BeNullOrEmpty
        $b.Spent | Should -Be 0.00656d   # 0.005615 + 0.000945: all usage now
        $b.Limit | Should -Be 600
    }

    It 'needs an amount for a new budget' {
        { Set-LlmBudget -Database $db -Name brand-new -Tag x -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidBudget,LlmCost.PowerShell.Commands.SetLlmBudgetCommand'
    }

    It 'keeps the targets when a budget is piped back in' {
        Get-LlmBudget -Database $db -Name team-a | Set-LlmBudget -Database $db -ErrorAction Stop
        (Get-LlmBudget -Database $db -Name team-a).Targets | Should -BeLike 'slack:https://hooks.slack.com/*'
    }
}
