BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $script:ModulePath -Force
    # Real response bodies with their counts worked out by hand (tests/LlmCost.Core.Tests/Fixtures/responses/expected.tsv).
    $script:Corpus = Join-Path $script:RepoRoot 'tests/LlmCost.Core.Tests/Fixtures/responses'
    $script:Expected = @{}
    foreach ($line in Get-Content (Join-Path $script:Corpus 'expected.tsv')) {
        if (-not $line -or $line.StartsWith('#')) { continue }
        $c = $line -split "`t"
        $script:Expected[$c[1]] = "$($c[2])/$($c[3]) $($c[4]) $($c[5]) $($c[6]) $($c[7]) $($c[8]) $($c[9])"
    }
}

Describe 'Add-LlmUsage -Response over the response corpus' {
    It 'stores the hand-worked counts of every body, given as text and as the object Invoke-RestMethod returns' {
        foreach ($asObject in $false, $true) {
            $db = New-TestDbPath
            try {
                foreach ($file in Get-ChildItem $script:Corpus -Filter *.json -Recurse | Sort-Object FullName) {
                    $text = Get-Content -Raw $file.FullName
                    $response = if ($asObject) { $text | ConvertFrom-Json } else { $text }
                    Add-LlmUsage -Database $db -Response $response -ErrorAction Stop -WarningAction SilentlyContinue
                }

                $stored = @{}
                foreach ($r in Get-LlmUsage -Database $db) {
                    $stored[$r.RequestId] = "$($r.Provider)/$($r.Model) $($r.InputTokens) $($r.CacheReadTokens) $($r.CacheWrite5mTokens) $($r.CacheWrite1hTokens) $($r.OutputTokens) $($r.ReasoningTokens)"
                }

                $wrong = foreach ($k in @($script:Expected.Keys) + @($stored.Keys) | Sort-Object -Unique) {
                    if ($script:Expected[$k] -ne $stored[$k]) { "${k}: expected $($script:Expected[$k]), stored $($stored[$k]) (as object: $asObject)" }
                }
                $wrong | Should -BeNullOrEmpty
            }
            finally {
                Remove-TestDb $db
            }
        }
    }

    It 'warns that the step of an unknown type is stored unpriced' {
        $db = New-TestDbPath
        try {
            $text = Get-Content -Raw (Join-Path $script:Corpus 'anthropic/08-unknown-step.json')
            $r = Add-LlmUsage -Database $db -Response $text -PassThru -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
            @($r).Count | Should -Be 2
            $r[1].Model | Should -Be 'iteration:summary_check'
            $r[1].Cost | Should -BeNullOrEmpty
            ($warned -join "`n") | Should -Match "iteration:summary_check"
        }
        finally {
            Remove-TestDb $db
        }
    }
}
