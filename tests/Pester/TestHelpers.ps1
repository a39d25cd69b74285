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
