#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and packages LlmCost. Every step is a plain `dotnet` call, so the same can be done without PowerShell:
      Build:   dotnet build -c Release
      Test:    dotnet test
      Package: dotnet pack src/LlmCost.Cli -c Release -o out/packages
.PARAMETER Task
    Build, Test or Package.
.PARAMETER Configuration
    Debug or Release (default Release).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE" }
}

switch ($Task) {
    'Build' {
        Invoke-Dotnet build (Join-Path $root 'LlmCost.sln') -c $Configuration
    }
    'Test' {
        Invoke-Dotnet test (Join-Path $root 'LlmCost.sln') -c $Configuration
        $pesterDir = Join-Path $root 'tests/Pester'
        if (Test-Path $pesterDir) {
            $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
            if ($pester) {
                # A fresh engine, as a user would have it, against the module laid out in out/LlmCost.
                $script = "Import-Module Pester -MinimumVersion 5.0.0; `$c = New-PesterConfiguration; `$c.Run.Path = '$pesterDir'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
                & (Get-Process -Id $PID).Path -NoProfile -NonInteractive -Command $script
                if ($LASTEXITCODE -ne 0) { throw "Pester tests failed (exit code $LASTEXITCODE)" }
            }
            else {
                Write-Warning 'Pester 5 is not installed: skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0.0).'
            }
        }
    }
    'Package' {
        Invoke-Dotnet build (Join-Path $root 'LlmCost.sln') -c $Configuration
        Invoke-Dotnet pack (Join-Path $root 'src/LlmCost.Cli') -c $Configuration -o (Join-Path $root 'out/packages')
    }
}
