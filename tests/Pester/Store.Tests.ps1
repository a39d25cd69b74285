#Requires -Version 7.4
# The store: created only by commands that record usage or set state; a mistyped -Database never answers $0 from a
# new, empty store.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModulePath -Force -ErrorAction Stop
}

AfterAll {
    Remove-Module LlmCost -ErrorAction SilentlyContinue
}

Describe 'A missing store' {
    BeforeEach {
        $missing = New-TestDbPath
    }

    AfterEach {
        Remove-TestDb $missing
    }

    It '<Command> fails with StoreNotFound naming the path and creates nothing' -ForEach @(
        @{ Command = 'Get-LlmCost'; Class = 'GetLlmCostCommand' }
        @{ Command = 'Get-LlmUsage'; Class = 'GetLlmUsageCommand' }
        @{ Command = 'Export-LlmCost'; Class = 'ExportLlmCostCommand' }
        @{ Command = 'Get-LlmBudget'; Class = 'GetLlmBudgetCommand' }
        @{ Command = 'Get-LlmBudgetAlert'; Class = 'GetLlmBudgetAlertCommand' }
        @{ Command = 'Test-LlmBudget'; Class = 'TestLlmBudgetCommand' }
        @{ Command = 'Get-LlmCostStore'; Class = 'GetLlmCostStoreCommand' }
        @{ Command = 'Get-LlmCostAnomaly'; Class = 'GetLlmCostAnomalyCommand' }
    ) {
        $err = $null
        try { & $Command -Database $missing -ErrorAction Stop | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "StoreNotFound,LlmCost.PowerShell.Commands.$Class"
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -BeLike "*$missing*"
        Test-Path $missing | Should -BeFalse
    }

    It 'is created by Add-LlmUsage, then read back' {
        # cost-rules example 1: 86 x 2.50 + 1920 x 1.25 + 300 x 10 = 5615 -> $0.005615
        Add-LlmUsage -Database $missing -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -ErrorAction Stop
        Test-Path $missing | Should -BeTrue
        (Get-LlmCost -Database $missing -ErrorAction Stop).Cost | Should -Be 0.005615d
    }

    It 'is created by Initialize-LlmCostStore' {
        $info = Initialize-LlmCostStore -Database $missing -ErrorAction Stop
        $info.Requests | Should -Be 0
        Test-Path $missing | Should -BeTrue
    }

    It 'does not stop a price lookup, which creates no store' {
        # o3 from 2025-06-10: $2 input, $8 output per million tokens.
        $p = Get-LlmModelPrice -Database $missing -Model o3 -At '2025-07-01' -ErrorAction Stop
        $p.Input | Should -Be 2
        $p.Output | Should -Be 8
        Test-Path $missing | Should -BeFalse
    }
}

Describe 'A directory given as the database' {
    It 'is a clear error, not an exception from the file system' {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('llmcost-pester-dir-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
        try {
            { Get-LlmCost -Database $dir -ErrorAction Stop } | Should -Throw -ErrorId 'StoreIsADirectory,LlmCost.PowerShell.Commands.GetLlmCostCommand'
            { Add-LlmUsage -Database $dir -Provider openai -Model gpt-4o -InputTokens 10 -OutputTokens 1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'StoreIsADirectory,LlmCost.PowerShell.Commands.AddLlmUsageCommand'
        }
        finally {
            Remove-Item $dir -Recurse -Force
        }
    }
}

Describe 'Test-LlmCostStore' {
    It 'reports a healthy store as healthy' {
        $db = New-TestDbPath
        try {
            # cost-rules example 1, twice (two request ids): 2 x $0.005615
            Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId h1 -ErrorAction Stop
            Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId h2 -ErrorAction Stop
            $c = Test-LlmCostStore -Database $db -ErrorAction Stop
            $c.Healthy | Should -BeTrue
            $c.Integrity | Should -Be 'ok'
            $c.Requests | Should -Be 2
        }
        finally {
            Remove-TestDb $db
        }
    }
}

Describe 'Backup-LlmCostStore' {
    It 'writes a copy that restores to the same costs' {
        $db = New-TestDbPath
        $backup = Join-Path $TestDrive 'backup.db'
        try {
            # cost-rules example 1: $0.005615
            Add-LlmUsage -Database $db -Provider openai -Model gpt-4o -InputTokens 2006 -CacheReadTokens 1920 -OutputTokens 300 -RequestId k1 -ErrorAction Stop
            $file = Backup-LlmCostStore -Database $db -Path $backup -ErrorAction Stop
            $file.FullName | Should -Be $backup
            (Get-LlmCost -Database $backup).Cost | Should -Be 0.005615d
            (Test-LlmCostStore -Database $backup).Healthy | Should -BeTrue
            { Backup-LlmCostStore -Database $db -Path $backup -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,LlmCost.PowerShell.Commands.BackupLlmCostStoreCommand'
        }
        finally {
            Remove-TestDb $db
        }
    }
}
