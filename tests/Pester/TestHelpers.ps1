# Dot-sourced by every *.Tests.ps1: the module under test (out/LlmCost, laid out by `dotnet build`), temp stores,
# and child pwsh processes run as a scheduler runs them.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleDir = Join-Path $script:RepoRoot 'out/LlmCost'
$script:ModulePath = Join-Path $script:ModuleDir 'LlmCost.psd1'
# This pwsh again, for child processes: run as the dotnet tool, the process is `dotnet` hosting pwsh.dll.
$script:Pwsh = [System.Environment]::ProcessPath
$script:PwshPrefix = if ((Split-Path $script:Pwsh -Leaf) -like 'dotnet*') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

function New-TestDbPath {
    Join-Path ([System.IO.Path]::GetTempPath()) ('llmcost-pester-' + [guid]::NewGuid().ToString('N') + '.db')
}

function Remove-TestDb([string] $Path) {
    try { [Microsoft.Data.Sqlite.SqliteConnection]::ClearAllPools() } catch { }
    Remove-Item -Path "$Path*" -Force -ErrorAction SilentlyContinue
}

# The scheduled command exactly as README.md documents it (the line that starts with `pwsh -NoProfile -NonInteractive -Command '`).
function Get-DocumentedCheckCommand {
    $line = Get-Content (Join-Path $script:RepoRoot 'README.md') | Where-Object { $_ -like "pwsh -NoProfile -NonInteractive -Command '*" } | Select-Object -First 1
    if (-not $line) { throw 'README.md has no scheduled pwsh command' }
    # The text between the outer single quotes is what pwsh receives as -Command.
    $line.Substring($line.IndexOf("'") + 1).TrimEnd("'")
}

# Runs a -Command in a fresh pwsh with the module findable by name, as an installed module is; returns the exit code
# and what it printed.
function Invoke-ChildPwsh([string] $Command, [hashtable] $Environment = @{}, [string] $WorkingDirectory) {
    $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Pwsh)
    if ($WorkingDirectory) { $psi.WorkingDirectory = $WorkingDirectory }
    foreach ($a in @($script:PwshPrefix) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.Environment['PSModulePath'] = (Join-Path $script:RepoRoot 'out') + [System.IO.Path]::PathSeparator + $env:PSModulePath
    $psi.Environment['NO_COLOR'] = '1'
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
    $p = [System.Diagnostics.Process]::Start($psi)
    $err = $p.StandardError.ReadToEndAsync()
    $out = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    [pscustomobject]@{ ExitCode = $p.ExitCode; Out = $out; Err = $err.Result }
}

# A throwaway PostgreSQL cluster for the team-store tests (as tests/LlmCost.Core.Tests/Storage/PostgresCluster.cs):
# initdb into a temp folder (as 'postgres' when running as root: PostgreSQL refuses root), pg_ctl on a free loopback
# port with password authentication. Stop-TestPostgres stops and deletes it.
function Start-TestPostgres {
    $initdb = Get-ChildItem /usr/lib/postgresql/*/bin/initdb -ErrorAction SilentlyContinue | Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $initdb) { throw 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run .ci/install' }
    $pg = [pscustomobject]@{
        Bin = $initdb.DirectoryName
        Dir = Join-Path ([System.IO.Path]::GetTempPath()) ('llmcost-pg-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
        AsRoot = [System.Environment]::UserName -eq 'root'
        Port = 0
        User = 'llmcost_test'
        Password = 'pester-password-1'
        ConnectionString = ''
    }
    New-Item -ItemType Directory -Path $pg.Dir | Out-Null
    Set-Content -Path (Join-Path $pg.Dir 'pw') -Value $pg.Password
    if ($pg.AsRoot) { & chown -R postgres:postgres $pg.Dir }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $pg.Port = $listener.LocalEndpoint.Port; $listener.Stop()
    Invoke-TestPostgresTool $pg initdb '-D', "$($pg.Dir)/data", '-U', $pg.User, "--pwfile=$($pg.Dir)/pw", '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'
    Invoke-TestPostgresTool $pg pg_ctl '-D', "$($pg.Dir)/data", '-l', "$($pg.Dir)/log", '-w', '-o', "-p $($pg.Port) -k $($pg.Dir) -c listen_addresses=127.0.0.1 -c fsync=off", 'start'
    $pg.ConnectionString = "Host=127.0.0.1;Port=$($pg.Port);Username=$($pg.User);Password=$($pg.Password);Database=postgres"
    $pg
}

function Invoke-TestPostgresTool($pg, [string] $Tool, [string[]] $Arguments) {
    $exe = Join-Path $pg.Bin $Tool
    $out = if ($pg.AsRoot) { & runuser -u postgres -- $exe @Arguments 2>&1 } else { & $exe @Arguments 2>&1 }
    if ($LASTEXITCODE -ne 0) { throw "$Tool failed ($LASTEXITCODE): $out" }
}

function Stop-TestPostgres($pg) {
    if (-not $pg) { return }
    try { [Npgsql.NpgsqlConnection]::ClearAllPools() } catch { }
    try { Invoke-TestPostgresTool $pg pg_ctl '-D', "$($pg.Dir)/data", '-m', 'immediate', '-w', 'stop' } catch { }
    Remove-Item -Recurse -Force $pg.Dir -ErrorAction SilentlyContinue
}
