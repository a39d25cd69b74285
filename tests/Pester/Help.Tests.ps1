#Requires -Version 7.4
# Help a user reads before trusting a scheduled job: the about topic and wildcard notes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
}

Describe 'about_LlmCost' {
    It 'explains the six counts, time zones, the exit codes and the environment' {
        $text = (Get-Help about_LlmCost | Out-String)
        $text | Should -Match 'THE SIX COUNTS'
        $text | Should -Match 'TIMES AND TIME ZONES'
        $text | Should -Match '3  a budget is spent'
        $text | Should -Match 'LLMCOST_DB'
    }
}

Describe 'Parameters that take wildcards' {
    It '<Command> -<Parameter> says so' -ForEach @(
        @{ Command = 'Get-LlmCost'; Parameter = 'Session' }
        @{ Command = 'Get-LlmCost'; Parameter = 'Model' }
        @{ Command = 'Get-LlmUsage'; Parameter = 'Session' }
        @{ Command = 'Export-LlmCost'; Parameter = 'Session' }
    ) {
        ((Get-Help $Command -Parameter $Parameter).description.Text -join ' ') | Should -Match 'wildcard'
    }
}

Describe 'Parameter help' {
    It 'shows default values' {
        (Get-Help Get-LlmCostAnomaly -Parameter WindowDays).defaultValue | Should -Be '14'
        (Get-Help Export-LlmCost -Parameter Format).defaultValue | Should -Be 'Csv'
    }

    It 'marks wildcard parameters as accepting wildcards' {
        (Get-Help Get-LlmCost -Parameter Model).globbing | Should -Be 'true'
        (Get-Help Get-LlmCost -Parameter Session).globbing | Should -Be 'true'
        (Get-Help Get-LlmCost -Parameter Provider).globbing | Should -Be 'false'
    }
}
