#Requires -Version 7.4
# Import-LlmUsage: a path with no files is an error naming it (with a hint for a folder without -Recurse), and the
# summary's counts add up. Claude Code lines below: claude-haiku-4-5 at $1 input, $1.25 5-minute cache write, $5 output
# per million (cost-rules example 6): the last snapshot of msg_1 is 200 x 1 + 4000 x 1.25 + 200 x 5 = 6200 -> $0.0062.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
    $db = New-TestDbPath
    $logs = Join-Path $TestDrive 'projects'
    New-Item -ItemType Directory -Path (Join-Path $logs 'proj') -Force | Out-Null
    $line = '{{"sessionId":"s1","type":"assistant","requestId":"req_1","timestamp":"2025-08-01T09:00:00.000Z","message":{{"id":"msg_1","type":"message","model":"claude-haiku-4-5-20251001","usage":{{"input_tokens":200,"cache_creation_input_tokens":4000,"cache_read_input_tokens":0,"output_tokens":{0}}}}}}}'
    @(($line -f 100), ($line -f 200)) | Set-Content -Path (Join-Path $logs 'proj/s1.jsonl')
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
    Remove-TestDb $db
}

Describe 'Import-LlmUsage' {
    It 'names a folder without usage files, with a hint when they are in subfolders' {
        Import-LlmUsage -Database $db -Path $logs -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'NoFilesFound,LlmCost.PowerShell.Commands.ImportLlmUsageCommand'
        $errs[0].Exception.Message | Should -BeLike "*$logs*"
        $errs[0].Exception.Message | Should -BeLike '*-Recurse*'
    }

    It 'imports with -Recurse, and the summary adds up' {
        $s = Import-LlmUsage -Database $db -Path $logs -Recurse -ErrorAction Stop
        $s.GetType().Name | Should -Be 'LlmImportSummary'
        $s.Records | Should -Be 2
        $s.Added | Should -Be 1
        $s.Superseded | Should -Be 1
        $s.Records | Should -Be ($s.Added + $s.Replaced + $s.Duplicates + $s.Superseded)
        (Get-LlmCost -Database $db).Cost | Should -Be 0.0062d
    }

    It 'imports a LiteLLM spend-log export with its spend beside our cost, and -Format names the tool' {
        $ldb = New-TestDbPath
        try {
            $file = Join-Path $RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/migration/litellm-spend-logs.json'
            $s = Import-LlmUsage -Database $ldb -Path $file -Format LiteLlm -ErrorAction Stop
            # chatcmpl-A1 gpt-4o: 1000 x 2.50 + 500 x 10 per 1M = $0.0075 (LiteLLM: $0.0075);
            # chatcmpl-A3 gpt-4o-mini: 10000 x 0.15 + 1000 x 0.60 per 1M = $0.0021 (LiteLLM: $0.00105).
            $s.Added | Should -Be 2
            $s.SourcedRecords | Should -Be 2
            $s.SourceCost | Should -Be 0.00855d
            $s.CostAtOurPrices | Should -Be 0.0096d
            $mini = Get-LlmUsage -Database $ldb -Model gpt-4o-mini
            $mini.Cost | Should -Be 0.0021d
            $mini.SourceCost | Should -Be 0.00105d
        }
        finally {
            Remove-TestDb $ldb
        }
    }
}

Describe 'Add-LlmUsage' {
    BeforeAll {
        $rdb = New-TestDbPath
        # cost-rules example 1 as an OpenAI chat response: 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615
        $openai = '{"id":"chatcmpl-p1","object":"chat.completion","created":1748772000,"model":"gpt-4o-2024-08-06","usage":{"prompt_tokens":2006,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1920}}}'
        # cost-rules example 6 as an Anthropic message: 200 x 1 + 4000 x 1.25 + 100 x 5 = 5700 -> $0.0057
        $anthropic = '{"id":"msg_p2","type":"message","model":"claude-haiku-4-5-20251001","usage":{"input_tokens":200,"cache_creation_input_tokens":4000,"cache_read_input_tokens":0,"output_tokens":100}}'
    }

    AfterAll {
        Remove-TestDb $rdb
    }

    It 'takes the object Invoke-RestMethod returns as -Response' {
        $r = Add-LlmUsage -Database $rdb -Response ($openai | ConvertFrom-Json) -PassThru -ErrorAction Stop
        $r.Provider | Should -Be 'openai'
        $r.Cost | Should -Be 0.005615d
    }

    It 'reads each piped response on its own (no value leaks from the previous one)' {
        $results = @($anthropic, ($openai -replace 'chatcmpl-p1', 'chatcmpl-p3')) | ForEach-Object { [pscustomobject]@{ Response = $_ } } |
            Add-LlmUsage -Database $rdb -PassThru -ErrorAction Stop
        $results[0].Provider | Should -Be 'anthropic'
        $results[0].Cost | Should -Be 0.0057d
        $results[1].Provider | Should -Be 'openai'
        $results[1].Cost | Should -Be 0.005615d
    }

    It 'refuses a piped object without token counts instead of storing $0' {
        $before = (Get-LlmCost -Database $rdb).Requests
        [pscustomobject]@{ Model = 'gpt-4o'; SessionId = 'x' } | Add-LlmUsage -Database $rdb -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'NoTokenCounts,LlmCost.PowerShell.Commands.AddLlmUsageCommand'
        (Get-LlmCost -Database $rdb).Requests | Should -Be $before
    }
}

Describe 'Add-LlmUsage -Response without the response envelope' {
    It 'reads a {model, usage} object with -Provider' {
        $bdb = New-TestDbPath
        try {
            # cost-rules example 6: 200 x 1 + 4000 x 1.25 + 100 x 5 = 5700 -> $0.0057
            $r = Add-LlmUsage -Database $bdb -Provider anthropic -Response '{"model":"claude-haiku-4-5-20251001","usage":{"input_tokens":200,"cache_creation_input_tokens":4000,"cache_read_input_tokens":0,"output_tokens":100}}' -PassThru -ErrorAction Stop
            $r.Cost | Should -Be 0.0057d
        }
        finally {
            Remove-TestDb $bdb
        }
    }
}
