#!/usr/bin/env bash
# Every test, on a fresh machine with the .NET 10 SDK: installs what the tests need (.ci/install: the SMTP server
# for the e-mail tests, Chromium for the dashboard, PostgreSQL for the team store), restores the local tools (pwsh
# 7.6.9), then runs xunit and, inside the same run, the Pester suite in a real pwsh
# (tests/LlmCost.PowerShell.Tests/PesterSuiteTests.cs). Extra arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
.ci/install
dotnet tool restore
rm -f out/pester-summary.txt
dotnet test "$@"
