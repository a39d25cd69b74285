BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    $script:db = New-TestDbPath
    # gpt-4o, 100,000 in / 10,000 out (2.5 / 10 $ per M): 0.25 + 0.1 = $0.35 list, on 2026-02-01 and on 2025-12-01.
    Add-LlmUsage -Database $script:db -Provider openai -Model gpt-4o -InputTokens 100000 -OutputTokens 10000 -RequestId feb -Timestamp '2026-02-01T00:00:00Z' -ErrorAction Stop
    Add-LlmUsage -Database $script:db -Provider openai -Model gpt-4o -InputTokens 100000 -OutputTokens 10000 -RequestId dec -Timestamp '2025-12-01T00:00:00Z' -ErrorAction Stop
}

AfterAll {
    Remove-TestDb $script:db
}

Describe 'Set-LlmContractDiscount' {
    It 'keeps nothing with -WhatIf' {
        Set-LlmContractDiscount -Database $script:db openai 25 -EffectiveFrom 2026-01-01 -WhatIf
        Get-LlmContractDiscount -Database $script:db | Should -BeNullOrEmpty
    }

    It 'gives every request a contracted cost beside its list cost, from its date' {
        $d = Set-LlmContractDiscount -Database $script:db openai 25 -EffectiveFrom 2026-01-01 -Note 'MSA 2026' -ErrorAction Stop
        $d.Percent | Should -Be 25
        # February: 0.35 x 0.75 = 0.2625; December, before the discount: 0.35. Total list 0.70, contracted 0.6125.
        $total = Get-LlmCost -Database $script:db
        $total.Cost | Should -Be 0.70
        $total.ContractedCost | Should -Be 0.6125
        $rows = Get-LlmUsage -Database $script:db | Sort-Object OccurredAt
        ($rows | ForEach-Object ContractedCost) | Should -Be @(0.35, 0.2625)
        $text = Get-LlmContractDiscount -Database $script:db | Out-String -Width 80
        $text | Should -Match 'openai\s+\(all\)\s+25%\s+2026-01-01'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'refuses a percentage outside 0 to 100 with a stable error id' {
        Set-LlmContractDiscount -Database $script:db openai 150 -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDiscount*'
    }

    It 'is removed through the pipeline, and the list cost is the contracted cost again' {
        Get-LlmContractDiscount -Database $script:db | Remove-LlmContractDiscount -Database $script:db -Confirm:$false
        (Get-LlmCost -Database $script:db).ContractedCost | Should -Be 0.70
        Remove-LlmContractDiscount -Database $script:db -Id 999 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'DiscountNotFound*'
    }
}
