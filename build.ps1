#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and packages LlmCost. Every step is a plain `dotnet` call, so the same can be done without PowerShell:
      Build:   dotnet build -c Release
      Test:    ./test.sh (installs the SMTP test server, dotnet tool restore, dotnet test incl. Pester)
      Package: dotnet build -c Release
               dotnet pack tools/LlmCost.ModulePackage -c Release --no-build -o out/packages        (the module, for Install-PSResource)
               dotnet pack src/LlmCost.Cli -c Release -o out/packages/tool                          (the CLI, for dotnet tool install:
                                                                                                     a pointer package and one per platform: native on linux-x64, ReadyToRun elsewhere)
    The two packages go to separate folders: NuGet ids ignore case, so the module 'LlmCost' and the tool 'llmcost'
    in one folder would be taken for each other by PSResourceGet and by dotnet tool install.
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
        # The Pester suite runs inside dotnet test, in a real pwsh (tests/LlmCost.PowerShell.Tests/PesterSuiteTests.cs).
        Invoke-Dotnet tool restore
        Invoke-Dotnet test (Join-Path $root 'LlmCost.sln') -c $Configuration
    }
    'Package' {
        Invoke-Dotnet build (Join-Path $root 'LlmCost.sln') -c $Configuration
        Invoke-Dotnet pack (Join-Path $root 'tools/LlmCost.ModulePackage') -c $Configuration --no-build -o (Join-Path $root 'out/packages')
        # Not --no-build: the tool is a package per platform, each built here (src/LlmCost.Cli/LlmCost.Cli.csproj): ReadyToRun, and on a linux-x64 machine a natively compiled linux-x64 one.
        Invoke-Dotnet pack (Join-Path $root 'src/LlmCost.Cli') -c $Configuration -o (Join-Path $root 'out/packages/tool')
    }
}
