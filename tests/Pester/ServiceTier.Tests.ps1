BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    $script:db = New-TestDbPath
}

AfterAll {
    Remove-TestDb $script:db
}

Describe 'Add-LlmUsage -ServiceTier' {
    It 'prices a priority request with the tier''s own price' {
        # gpt-4o priority (LiteLLM): 4.25 input / 17 output $ per M: 100,000 x 4.25 + 10,000 x 17 = 0.425 + 0.17 = 0.595.
        $r = Add-LlmUsage -Database $script:db -Provider openai -Model gpt-4o -InputTokens 100000 -OutputTokens 10000 -ServiceTier priority -RequestId p1 -PassThru -ErrorAction Stop
        $r.Cost | Should -Be 0.595
        (Get-LlmUsage -Database $script:db | Where-Object RequestId -eq 'p1').ServiceTier | Should -Be 'priority'
    }

    It 'stores a tier without a known price as unpriced, saying why, never at the standard price' {
        $r = Add-LlmUsage -Database $script:db -Provider anthropic -Model claude-sonnet-4-5 -InputTokens 10000 -OutputTokens 1000 -ServiceTier priority -RequestId a1 -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $r.Cost | Should -BeNullOrEmpty
        $r.PricingStatus | Should -Be 'unpriced'
        "$warned" | Should -Match 'no priority-tier price for anthropic/claude-sonnet-4-5'
    }

    It 'reads the tier from a response given with -Response' {
        $body = '{"id":"chatcmpl-t","object":"chat.completion","created":1756728000,"model":"gpt-4o","service_tier":"flex","usage":{"prompt_tokens":100000,"completion_tokens":10000}}'
        # Flex at the batch price: (0.25 + 0.1) / 2 = 0.175.
        (Add-LlmUsage -Database $script:db -Response $body -PassThru -ErrorAction Stop).Cost | Should -Be 0.175
    }
}
