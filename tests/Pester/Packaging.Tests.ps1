#Requires -Version 7.4
# The packages as users install them: the module through PSResourceGet from a folder repository into a fresh pwsh
# whose module path has no LlmCost, then imported by name; the CLI through `dotnet tool install`. The module is packed
# from what this run built (dotnet pack --no-build); the CLI is packed as build.ps1 -Task Package packs it, building
# its package for each platform (which a --no-build pack cannot): native on linux-x64, ReadyToRun on the others.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Configuration = if ($env:LLMCOST_TEST_CONFIGURATION) { $env:LLMCOST_TEST_CONFIGURATION } else { 'Debug' }
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('llmcost-packaging-' + [guid]::NewGuid().ToString('N'))
    $script:Repo = Join-Path $Work 'repo'
    New-Item -ItemType Directory -Path $Repo -Force | Out-Null
    # The one version, from Directory.Build.props.
    $script:Version = ([xml](Get-Content (Join-Path $RepoRoot 'Directory.Build.props') -Raw)).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
    $v = [version]$Version
    $script:NextVersion = '{0}.{1}.{2}' -f $v.Major, $v.Minor, ($v.Build + 1)

    function Invoke-Pack([string] $Project, [string] $Out, [string[]] $Extra = @(), [switch] $Build) {
        $reuse = if ($Build) { @() } else { @('--no-build', '--no-restore') }
        $output = & dotnet pack (Join-Path $RepoRoot $Project) -c $Configuration @reuse -o $Out @Extra 2>&1
        if ($LASTEXITCODE -ne 0) { throw "dotnet pack $Project failed:`n$($output -join "`n")" }
    }

    # A fresh user: own home (PSResourceGet keeps its repositories and CurrentUser modules under it), a module path
    # with nothing of ours.
    $script:UserHome = Join-Path $Work 'home'
    New-Item -ItemType Directory -Path $UserHome -Force | Out-Null
    $script:UserEnv = @{
        HOME            = $UserHome
        DOTNET_CLI_HOME = $UserHome
        PSModulePath    = Join-Path $UserHome 'no-modules-here'
        LLMCOST_DB      = Join-Path $UserHome 'costs.db'
    }
    Invoke-Pack 'tools/LlmCost.ModulePackage' $Repo
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'The module package' {
    It 'is LlmCost.<version>.nupkg with the module at its root, native SQLite and help inside, metadata as in the manifest' {
        $nupkg = Join-Path $Repo "LlmCost.$Version.nupkg"
        Test-Path $nupkg | Should -BeTrue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $names = $zip.Entries.FullName
            $names | Should -Contain 'LlmCost.psd1'
            $names | Should -Contain 'LlmCost.PowerShell.dll'
            $names | Should -Contain 'en-US/LlmCost.PowerShell.dll-Help.xml'
            $names | Should -Contain 'en-US/about_LlmCost.help.txt'
            $names | Should -Contain 'runtimes/linux-x64/native/libe_sqlite3.so'
            $names | Should -Contain 'runtimes/win-x64/native/e_sqlite3.dll'
            $names | Should -Contain 'runtimes/osx-arm64/native/libe_sqlite3.dylib'
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('LlmCost.nuspec').Open())
            $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
            $reader.Dispose()
        }
        finally { $zip.Dispose() }

        $manifest = Import-PowerShellDataFile (Join-Path $ModuleDir 'LlmCost.psd1')
        $manifest.ModuleVersion | Should -Be $Version
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        # The changelog has a section for the version being packed.
        (Get-Content (Join-Path $RepoRoot 'CHANGELOG.md') -Raw) | Should -Match "(?m)^## \[$([regex]::Escape($Version))\]"
        $nuspec.id | Should -Be 'LlmCost'
        $nuspec.version | Should -Be $Version
        $nuspec.description | Should -Be $manifest.Description
        $nuspec.authors | Should -Be $manifest.Author
        $nuspec.copyright | Should -Be $manifest.Copyright
        $nuspec.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        $nuspec.releaseNotes | Should -Be $manifest.PrivateData.PSData.ReleaseNotes
        $nuspec.license.'#text' | Should -Be 'MIT'
        $tags = $nuspec.tags -split ' '
        $tags | Should -Contain 'PSModule'
        foreach ($t in $manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $t }
    }

    It 'installs with Install-PSResource into a fresh pwsh, imports by name and works; Update-PSResource keeps the store' {
        $register = "Register-PSResourceRepository -Name LlmCostLocal -Uri '$Repo' -Trusted;"
        $first = Invoke-ChildPwsh -Environment $UserEnv -WorkingDirectory $UserHome -Command (
            "`$ErrorActionPreference = 'Stop'; if (Get-Module -ListAvailable LlmCost) { throw 'LlmCost is already on the module path' }; $register " +
            "Install-PSResource LlmCost -Repository LlmCostLocal -Scope CurrentUser -TrustRepository; " +
            "Import-Module LlmCost; 'version=' + (Get-Module LlmCost).Version; " +
            "Add-LlmUsage -Provider openai -Model gpt-4o -InputTokens 1000 -OutputTokens 500 -RequestId r1 -Timestamp '2026-11-02T10:00:00Z' | Out-Null; " +
            "'cost=' + (Get-LlmCost -Since 2026-11-01 -Until 2026-12-01).Cost; " +
            "'created=' + (Get-LlmCostStore).CreatedWith")
        $first.Err | Should -BeNullOrEmpty
        $first.ExitCode | Should -Be 0
        # gpt-4o: $2.50 / 1M input, $10.00 / 1M output: 1000 × 2.5e-6 + 500 × 1e-5 = 0.0025 + 0.005 = $0.0075
        $first.Out | Should -Match "version=$([regex]::Escape($Version))\b"
        $first.Out | Should -Match 'cost=0\.0075\b'
        $first.Out | Should -Match "created=$([regex]::Escape($Version))\b"
        Test-Path (Join-Path $UserHome ".local/share/powershell/Modules/LlmCost/$Version/LlmCost.psd1") | Should -BeTrue

        Invoke-Pack 'tools/LlmCost.ModulePackage' $Repo @("-p:Version=$NextVersion")
        $second = Invoke-ChildPwsh -Environment $UserEnv -WorkingDirectory $UserHome -Command (
            "`$ErrorActionPreference = 'Stop'; Update-PSResource LlmCost -Repository LlmCostLocal -Scope CurrentUser -TrustRepository; " +
            "Import-Module LlmCost; 'version=' + (Get-Module LlmCost).Version; " +
            "'cost=' + (Get-LlmCost -Since 2026-11-01 -Until 2026-12-01).Cost; " +
            "'installed=' + ((Get-Module -ListAvailable LlmCost).Version -join ',')")
        $second.Err | Should -BeNullOrEmpty
        $second.ExitCode | Should -Be 0
        $second.Out | Should -Match "version=$([regex]::Escape($NextVersion))\b"
        $second.Out | Should -Match 'cost=0\.0075\b'
        $second.Out | Should -Match "installed=.*$([regex]::Escape($NextVersion))"
    }
}

Describe 'The CLI package' {
    It 'is llmcost.<version>.nupkg pointing at a package per platform: native on linux-x64, ReadyToRun elsewhere; installs and runs' {
        $toolRepo = Join-Path $Work 'tool'
        Invoke-Pack 'src/LlmCost.Cli' $toolRepo -Build
        Test-Path (Join-Path $toolRepo "llmcost.$Version.nupkg") | Should -BeTrue
        # One package per platform, and a portable one for the rest (win-arm64, FreeBSD, ...).
        foreach ($rid in 'linux-x64', 'linux-arm64', 'osx-arm64', 'win-x64', 'any') {
            Test-Path (Join-Path $toolRepo "llmcost.$rid.$Version.nupkg") | Should -BeTrue -Because "llmcost.$rid is packed"
        }

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        function Read-Entry([string] $Package, [string] $Pattern) {
            $zip = [System.IO.Compression.ZipFile]::OpenRead((Join-Path $toolRepo $Package))
            try {
                $entry = $zip.Entries | Where-Object { $_.FullName -like $Pattern }
                $entry | Should -Not -BeNullOrEmpty -Because "$Pattern is in $Package"
                $memory = [System.IO.MemoryStream]::new()
                $stream = $entry.Open(); $stream.CopyTo($memory); $stream.Dispose()
                $memory.Position = 0
                return , $memory
            }
            finally { $zip.Dispose() }
        }

        # linux-arm64 (and every platform but the one packed on) holds precompiled code: assemblies with a ReadyToRun header.
        foreach ($name in 'llmcost.dll', 'LlmCost.Core.dll') {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new((Read-Entry "llmcost.linux-arm64.$Version.nupkg" "tools/*/linux-arm64/$name"))
            $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size | Should -BeGreaterThan 0 -Because "$name is ReadyToRun"
            $pe.Dispose()
        }

        $nativeHost = $IsLinux -and [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64'
        if ($nativeHost) {
            # Packed on linux-x64: that package is the natively compiled program (an ELF file), run as an executable.
            $program = (Read-Entry "llmcost.linux-x64.$Version.nupkg" 'tools/*/linux-x64/llmcost').ToArray()
            [System.Text.Encoding]::ASCII.GetString($program, 1, 3) | Should -Be 'ELF'
            $program[0] | Should -Be 0x7F
            $settings = [System.Text.Encoding]::UTF8.GetString((Read-Entry "llmcost.linux-x64.$Version.nupkg" 'tools/*/linux-x64/DotnetToolSettings.xml').ToArray())
            $settings | Should -Match 'Runner="executable"'
        }
        $toolPath = Join-Path $Work 'tools'
        $env:DOTNET_CLI_HOME = $UserHome
        Push-Location $UserHome
        try {
            $install = & dotnet tool install --tool-path $toolPath --add-source $toolRepo --ignore-failed-sources llmcost 2>&1
        }
        finally { Pop-Location; Remove-Item Env:DOTNET_CLI_HOME }
        $LASTEXITCODE | Should -Be 0 -Because ($install -join "`n")
        $llmcost = Join-Path $toolPath 'llmcost'
        (& $llmcost --version) | Should -Be $Version
        $demo = & $llmcost demo 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($demo -join "`n")
        # docs/cost-rules worked examples: $0.005615 + $0.0057 + $0.000945 = $0.012260
        ($demo -join "`n") | Should -Match '0\.012260'
        # The installed program's JSON (generated serialization code; the native build has no reflection).
        $db = Join-Path $Work 'tool-demo.db'
        & $llmcost demo --db $db | Out-Null
        $LASTEXITCODE | Should -Be 0
        $cost = (& $llmcost cost --db $db --session hand-check --json) -join "`n" | ConvertFrom-Json
        $cost.total.cost | Should -Be 0.012260
        $budgets = (& $llmcost budget list --db $db --json) -join "`n" | ConvertFrom-Json
        $budgets.Count | Should -BeGreaterThan 0
        $budgets[0].period | Should -BeIn 'daily', 'weekly', 'monthly', 'session', 'total'
        ((& $llmcost store --db $db --json) -join "`n" | ConvertFrom-Json).requests | Should -BeGreaterThan 5000
    }
}
