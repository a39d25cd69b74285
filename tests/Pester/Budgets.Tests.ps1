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
