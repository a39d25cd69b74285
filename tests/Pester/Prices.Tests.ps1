#Requires -Version 7.4
# Prices: a custom price applies from its date, history shows built-in and custom rows, unknown models are unpriced
# (never $0), and a LiteLLM price file imports once.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Custom prices' {
    It 'an unknown model is stored unpriced, with a warning, never $0' {
        $r = Add-LlmUsage -Database $db -Provider acme -Model acme-7b -InputTokens 1000000 -OutputTokens 1000000 -RequestId u1 -Timestamp '2025-06-15T00:00:00Z' -PassThru -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        $r.Cost | Should -BeNullOrEmpty
        $r.PricingStatus | Should -Be 'unpriced'
        "$w" | Should -BeLike "*acme-7b*"
        (Get-LlmCost -Database $db).Cost | Should -BeNullOrEmpty
        (Get-LlmCost -Database $db).UnpricedRequests | Should -Be 1
    }

    It 'applies from its effective date' {
        Set-LlmModelPrice -Database $db -Provider acme -Model acme-7b -Input 0.5 -Output 1.5 -EffectiveFrom '2025-07-01' -ErrorAction Stop
        # 1M input x $0.5 + 1M output x $1.5 = $2
        $r = Add-LlmUsage -Database $db -Provider acme -Model acme-7b -InputTokens 1000000 -OutputTokens 1000000 -RequestId u2 -Timestamp '2025-07-02T00:00:00Z' -PassThru -ErrorAction Stop
        $r.Cost | Should -Be 2
        $r.PricingStatus | Should -Be 'custom'
        Get-LlmModelPrice -Database $db -Provider acme -Model acme-7b -At '2025-06-30' -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'PriceNotFound,LlmCost.PowerShell.Commands.GetLlmModelPriceCommand'
        # The June request stays unpriced until re-priced: the price applies from its date on.
        (Get-LlmCost -Database $db -Until '2025-07-01').UnpricedRequests | Should -Be 1
    }

    It 'history lists built-in and custom prices, oldest first' {
        Set-LlmModelPrice -Database $db -Provider openai -Model gpt-4o -Input 2 -Output 8 -EffectiveFrom '2026-01-01' -ErrorAction Stop
        $h = Get-LlmModelPrice -Database $db -Provider openai -Model gpt-4o -History -ErrorAction Stop
        $h[-1].Source | Should -Be 'custom'
        $h[-1].Input | Should -Be 2
        ($h | Where-Object Source -ne 'custom').Count | Should -BeGreaterThan 0
    }
}

Describe 'Import-LlmModelPrice' {
    It 'imports a LiteLLM file once; importing it again changes nothing' {
        $file = Join-Path $RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/litellm-excerpt.json'
        $first = Import-LlmModelPrice -Database $db -Path $file -Format LiteLlm -EffectiveFrom '2025-01-01' -ErrorAction Stop
        $first.Added | Should -BeGreaterThan 0
        $again = Import-LlmModelPrice -Database $db -Path $file -Format LiteLlm -EffectiveFrom '2025-01-01' -ErrorAction Stop
        $again.Added | Should -Be 0
        $again.Unchanged | Should -Be $first.Added
    }
}

Describe 'Update-LlmCost -Reprice' {
    BeforeAll {
        $rdb = New-TestDbPath
        # Two stored requests of a model without a price: unpriced.
        Add-LlmUsage -Database $rdb -Provider acme -Model acme-7b -InputTokens 1000000 -OutputTokens 1000000 -RequestId r1 -Timestamp '2025-06-10T00:00:00Z' -WarningAction SilentlyContinue -ErrorAction Stop
        Add-LlmUsage -Database $rdb -Provider acme -Model acme-7b -InputTokens 2000000 -OutputTokens 0 -RequestId r2 -Timestamp '2025-06-20T00:00:00Z' -WarningAction SilentlyContinue -ErrorAction Stop
    }

    AfterAll {
        Remove-TestDb $rdb
    }

    It 'says how many stored requests a new price affects, and how to re-price them' {
        Set-LlmModelPrice -Database $rdb -Provider acme -Model acme-7b -Input 0.5 -Output 1.5 -EffectiveFrom '2025-01-01' -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        "$w" | Should -BeLike '*2 stored request(s) of acme/acme-7b*Update-LlmCost -Reprice*'
    }

    It 'previews with -WhatIf, changing nothing' {
        $p = Update-LlmCost -Database $rdb -Reprice -Model acme-7b -WhatIf -ErrorAction Stop
        # r1: 1M x $0.5 + 1M x $1.5 = $2; r2: 2M x $0.5 = $1
        $p.Preview | Should -BeTrue
        $p.NewlyPriced | Should -Be 2
        $p.NewTotal | Should -Be 3
        (Get-LlmCost -Database $rdb).UnpricedRequests | Should -Be 2
    }

    It 're-prices, keeps the summaries exact, and records the run' {
        $r = Update-LlmCost -Database $rdb -Reprice -Model acme-7b -Reason 'acme price list 2025' -Confirm:$false -ErrorAction Stop
        $r.Changed | Should -Be 2
        $r.Preview | Should -BeFalse
        (Get-LlmCost -Database $rdb).Cost | Should -Be 3
        (Test-LlmCostStore -Database $rdb).Healthy | Should -BeTrue
        $h = Get-LlmRepriceHistory -Database $rdb
        $h.Count | Should -Be 1
        $h[0].Reason | Should -Be 'acme price list 2025'
        $h[0].NewTotal | Should -Be 3
        $h[0].Scope | Should -BeLike '*model=acme-7b*'
    }
}

Describe 'Test-LlmModelPrice' {
    It 'finds only the corrected source error when auditing the catalog against its own source' {
        $excerpt = Join-Path $script:RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/genai-prices-excerpt.json'
        $missing = New-TestDbPath
        $found = @(Test-LlmModelPrice -Database $missing -Reference $excerpt -ErrorAction Stop)
        $found.Count | Should -Be 1
        $found[0].Model | Should -Be 'o3'
        $found[0].Kind | Should -Be 'cacheRead'
        $found[0].Ours | Should -Be 2.5
        $found[0].Reference | Should -Be 0.5
        $found[0].Note | Should -Match 'known error'
        Test-Path $missing | Should -BeFalse   # an audit never creates a store
        ($found | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 } | Should -BeNullOrEmpty
    }

    It 'names a reference that is not there' {
        { Test-LlmModelPrice -Reference ./no-such-file.json -ErrorAction Stop } | Should -Throw -ErrorId 'PriceFileNotFound*'
    }
}

Describe 'Update-LlmModelPrice' {
    It 'loads a genai-prices file into the store, -WhatIf changes nothing, -Reset goes back' {
        $excerpt = Join-Path $script:RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/genai-prices-excerpt.json'
        $udb = New-TestDbPath
        try {
            Update-LlmModelPrice -Database $udb -Path $excerpt -WhatIf
            (Update-LlmModelPrice -Database $udb -Reset -WhatIf) | Should -BeNullOrEmpty
            $loaded = Update-LlmModelPrice -Database $udb -Path $excerpt -WarningAction SilentlyContinue -ErrorAction Stop
            $loaded.Kind | Should -Be 'store'
            $loaded.Source | Should -Be 'genai-prices-excerpt.json'
            # The excerpt's gpt-4o is the built-in price: 1,000 in / 100 out = 2,500 + 1,000 = $0.0035
            $r = Add-LlmUsage -Database $udb -Provider openai -Model gpt-4o -InputTokens 1000 -OutputTokens 100 -PassThru -ErrorAction Stop
            $r.Cost | Should -Be 0.0035
            (Update-LlmModelPrice -Database $udb -Reset).Kind | Should -Be 'builtin'
            { Update-LlmModelPrice -Database $udb -Path (Join-Path $script:RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/litellm-excerpt.json') -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidPriceFile*'
        }
        finally {
            Remove-TestDb $udb
        }
    }
}

Describe 'Import-LlmModelPrice from a past date' {
    It 'says how many stored requests keep their cost and how to re-price them' {
        $idb = New-TestDbPath
        try {
            Add-LlmUsage -Database $idb -Provider openai -Model gpt-4o -InputTokens 1000 -OutputTokens 0 -RequestId june -Timestamp '2025-06-01T00:00:00Z' -ErrorAction Stop
            $litellm = Join-Path $script:RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/litellm-excerpt.json'
            Import-LlmModelPrice -Database $idb -Path $litellm -EffectiveFrom 2025-01-01 -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop | Out-Null
            ($warned -join "`n") | Should -Match '1 stored request\(s\) keep the cost'
            ($warned -join "`n") | Should -Match 'Update-LlmCost -Reprice -Since 2025-01-01'
        }
        finally {
            Remove-TestDb $idb
        }
    }
}
