using System.Collections.Generic;
using System.Linq;

namespace LlmCost.PowerShell.Tests
{
    /// <summary>
    /// The public surface of every cmdlet, written out by hand: parameters with their types, parameter sets, mandatory,
    /// position and pipeline binding, output types and ShouldProcess. A refactor that changes any of it fails here; a
    /// deliberate change updates the contract below in the same commit.
    /// </summary>
    public sealed class CmdletContractTests : System.IDisposable
    {
        // Renders one cmdlet's surface as the lines the contracts below are written in.
        private const string SurfaceScript = """
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
foreach ($c in @(Get-Command -Name $name -Module LlmCost)) {
  $outputs = @($c.OutputType | ForEach-Object Name); [Array]::Sort($outputs, [StringComparer]::Ordinal)
  $sp = if ($c.Parameters.ContainsKey('WhatIf')) { ' ShouldProcess' } else { '' }
  $lines = @("$($c.Name) -> $($outputs -join ',') [default: $($c.DefaultParameterSet)]$sp")
  $keys = @($c.Parameters.Keys | Where-Object { $common -notcontains $_ }); [Array]::Sort($keys, [StringComparer]::Ordinal)
  foreach ($k in $keys) {
    $p = $c.Parameters[$k]
    $setNames = @($p.ParameterSets.Keys); [Array]::Sort($setNames, [StringComparer]::Ordinal)
    $sets = foreach ($sn in $setNames) {
      $a = $p.ParameterSets[$sn]; $f = @()
      if ($a.IsMandatory) { $f += 'mandatory' }
      if ($a.Position -ge 0) { $f += "pos$($a.Position)" }
      if ($a.ValueFromPipeline) { $f += 'pipeline' }
      if ($a.ValueFromPipelineByPropertyName) { $f += 'byname' }
      "$sn($($f -join ' '))"
    }
    $t = $p.ParameterType
    $tn = if ($t.IsGenericType) { "$($t.Name.Split('`')[0])[$(($t.GenericTypeArguments | ForEach-Object Name) -join ',')]" } else { $t.Name }
    $lines += "  -$k [$tn] $($sets -join ' ')"
  }
  $lines -join "`n"
}
""";

        private static readonly Dictionary<string, string> Contracts = new Dictionary<string, string>
        {
            ["Add-LlmUsage"] = """
Add-LlmUsage -> LlmCost.PowerShell.Output.LlmUsageResult [default: Counts] ShouldProcess
  -CacheReadTokens [Int64] __AllParameterSets(byname)
  -CacheWrite1hTokens [Int64] __AllParameterSets(byname)
  -CacheWrite5mTokens [Int64] __AllParameterSets(byname)
  -Database [String] __AllParameterSets()
  -InputTokens [Int64] __AllParameterSets(byname)
  -IsBatch [SwitchParameter] __AllParameterSets(byname)
  -Model [String] Counts(mandatory byname) Response(byname)
  -OutputTokens [Int64] __AllParameterSets(byname)
  -PassThru [SwitchParameter] __AllParameterSets()
  -Provider [String] __AllParameterSets(byname)
  -ReasoningTokens [Int64] __AllParameterSets(byname)
  -RequestId [String] __AllParameterSets(byname)
  -Response [Object] Response(mandatory byname)
  -ServiceTier [String] __AllParameterSets(byname)
  -SessionId [String] __AllParameterSets(byname)
  -Tag [String[]] __AllParameterSets(byname)
  -Timestamp [Nullable[DateTime]] __AllParameterSets(byname)
""",
            ["Backup-LlmCostStore"] = """
Backup-LlmCostStore -> System.IO.FileInfo [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -Force [SwitchParameter] __AllParameterSets()
  -Path [String] __AllParameterSets(mandatory pos0)
""",
            ["Compare-LlmProviderCost"] = """
Compare-LlmProviderCost -> LlmCost.PowerShell.Output.LlmBillComparison [default: ]
  -Database [String] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Status [BillStatus[]] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Compare-LlmModelCost"] = """
Compare-LlmModelCost -> LlmCost.PowerShell.Output.LlmModelCostComparison [default: ]
  -Alternative [String[]] __AllParameterSets(pos0)
  -Batch [SwitchParameter] __AllParameterSets()
  -CacheHitRate [Nullable[Decimal]] __AllParameterSets()
  -Database [String] __AllParameterSets()
  -Model [String[]] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Session [String[]] __AllParameterSets(byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Tag [String[]] __AllParameterSets()
  -TimeZone [String] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Copy-LlmCostStore"] = """
Copy-LlmCostStore -> LlmCost.PowerShell.Output.LlmStoreCopyResult [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -Destination [String] __AllParameterSets(mandatory pos1)
  -Source [String] __AllParameterSets(pos0)
""",
            ["Test-LlmModelPrice"] = """
Test-LlmModelPrice -> LlmCost.PowerShell.Output.LlmPriceDisagreement [default: ]
  -Database [String] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Reference [String] __AllParameterSets(mandatory pos0)
""",
            ["Update-LlmModelPrice"] = """
Update-LlmModelPrice -> LlmCost.PowerShell.Output.LlmPriceCatalog [default: Load] ShouldProcess
  -Database [String] __AllParameterSets()
  -Path [String] Load(mandatory pos0)
  -Reset [SwitchParameter] Reset(mandatory)
""",
            ["Start-LlmCostDashboard"] = """
Start-LlmCostDashboard -> System.Uri [default: ]
  -AllowRemote [SwitchParameter] __AllParameterSets()
  -Database [String] __AllParameterSets()
  -ListenAddress [String] __AllParameterSets()
  -Port [Int32] __AllParameterSets(pos0)
  -RefreshSeconds [Int32] __AllParameterSets()
  -Since [Nullable[DateTime]] __AllParameterSets()
  -TimeZone [String] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Export-LlmCostReport"] = """
Export-LlmCostReport -> System.IO.FileInfo [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -NoClobber [SwitchParameter] __AllParameterSets()
  -Open [SwitchParameter] __AllParameterSets()
  -Path [String] __AllParameterSets(mandatory pos0)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -TimeZone [String] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Export-LlmCost"] = """
Export-LlmCost -> LlmCost.PowerShell.Output.LlmCostSummary,LlmCost.PowerShell.Output.LlmUsageRecord,System.IO.FileInfo,System.Management.Automation.PSObject [default: Query] ShouldProcess
  -Database [String] __AllParameterSets()
  -Detail [SwitchParameter] Query()
  -Force [SwitchParameter] __AllParameterSets()
  -Format [ExportFormat] __AllParameterSets()
  -GroupBy [CostGrouping[]] Query()
  -InputObject [PSObject] InputObject(mandatory pipeline)
  -Model [String[]] __AllParameterSets()
  -NoClobber [SwitchParameter] __AllParameterSets()
  -PassThru [SwitchParameter] __AllParameterSets()
  -Path [String] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Session [String[]] __AllParameterSets(byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Tag [String[]] __AllParameterSets()
  -TimeZone [String] Query()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Get-LlmBudget"] = """
Get-LlmBudget -> LlmCost.PowerShell.Output.LlmBudgetStatus [default: ]
  -Database [String] __AllParameterSets()
  -Name [String[]] __AllParameterSets(pos0 byname)
""",
            ["Get-LlmBudgetAlert"] = """
Get-LlmBudgetAlert -> LlmCost.PowerShell.Output.LlmBudgetAlert [default: ]
  -Database [String] __AllParameterSets()
  -Name [String] __AllParameterSets(pos0 byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
""",
            ["Get-LlmContractDiscount"] = """
Get-LlmContractDiscount -> LlmCost.PowerShell.Output.LlmContractDiscount [default: ]
  -Database [String] __AllParameterSets()
  -Provider [String] __AllParameterSets(pos0)
""",
            ["Remove-LlmContractDiscount"] = """
Remove-LlmContractDiscount -> System.Void [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -Id [Int64[]] __AllParameterSets(mandatory pos0 byname)
""",
            ["Set-LlmContractDiscount"] = """
Set-LlmContractDiscount -> LlmCost.PowerShell.Output.LlmContractDiscount [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -EffectiveFrom [Nullable[DateTime]] __AllParameterSets(byname)
  -EffectiveTo [Nullable[DateTime]] __AllParameterSets(byname)
  -Model [String] __AllParameterSets(byname)
  -Note [String] __AllParameterSets(byname)
  -Percent [Decimal] __AllParameterSets(mandatory pos1 byname)
  -Provider [String] __AllParameterSets(mandatory pos0 byname)
""",
            ["Get-LlmCost"] = """
Get-LlmCost -> LlmCost.PowerShell.Output.LlmCostSummary [default: ]
  -Database [String] __AllParameterSets()
  -GroupBy [CostGrouping[]] __AllParameterSets()
  -Model [String[]] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Session [String[]] __AllParameterSets(byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Tag [String[]] __AllParameterSets()
  -TimeZone [String] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Get-LlmCostAnomaly"] = """
Get-LlmCostAnomaly -> LlmCost.PowerShell.Output.LlmCostAnomaly [default: ]
  -Database [String] __AllParameterSets()
  -Scope [String[]] __AllParameterSets()
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Threshold [Double] __AllParameterSets()
  -TimeZone [String] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
  -WindowDays [Int32] __AllParameterSets()
""",
            ["Get-LlmCostRecommendation"] = """
Get-LlmCostRecommendation -> LlmCost.PowerShell.Output.LlmCostRecommendation [default: ]
  -Database [String] __AllParameterSets()
  -Kind [RecommendationKind[]] __AllParameterSets()
  -MinimumSaving [Decimal] __AllParameterSets()
  -Model [String[]] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Session [String[]] __AllParameterSets(byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Tag [String[]] __AllParameterSets()
  -TimeZone [String] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Get-LlmCostStore"] = """
Get-LlmCostStore -> LlmCost.PowerShell.Output.LlmStoreInfo [default: ]
  -Database [String] __AllParameterSets()
""",
            ["Get-LlmModelPrice"] = """
Get-LlmModelPrice -> LlmCost.PowerShell.Output.LlmModelPrice [default: Model]
  -At [Nullable[DateTime]] Model()
  -Database [String] __AllParameterSets()
  -History [SwitchParameter] Model()
  -List [SwitchParameter] List(mandatory)
  -Model [String] Model(mandatory pos0 byname)
  -Provider [String] __AllParameterSets(byname)
""",
            ["Get-LlmRepriceHistory"] = """
Get-LlmRepriceHistory -> LlmCost.PowerShell.Output.LlmRepriceRun [default: ]
  -Database [String] __AllParameterSets()
""",
            ["Get-LlmUsage"] = """
Get-LlmUsage -> LlmCost.PowerShell.Output.LlmUsageRecord [default: ]
  -Database [String] __AllParameterSets()
  -Model [String[]] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Session [String[]] __AllParameterSets(byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Tag [String[]] __AllParameterSets()
  -Unpriced [SwitchParameter] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
            ["Import-LlmModelPrice"] = """
Import-LlmModelPrice -> System.Management.Automation.PSObject [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -EffectiveFrom [Nullable[DateTime]] __AllParameterSets()
  -Format [PriceFileFormat] __AllParameterSets()
  -Path [String] __AllParameterSets(mandatory pos0 byname)
""",
            ["Import-LlmProviderCost"] = """
Import-LlmProviderCost -> LlmCost.PowerShell.Output.LlmProviderCostImport [default: Path] ShouldProcess
  -BaseUri [Uri] Fetch()
  -Database [String] __AllParameterSets()
  -Kind [Nullable[ProviderCostKind]] Path()
  -Path [String[]] Path(mandatory pos0 pipeline byname)
  -Provider [String] Fetch(mandatory)
  -Since [DateTime] Fetch(mandatory)
  -Until [Nullable[DateTime]] Fetch()
""",
            ["Import-LlmUsage"] = """
Import-LlmUsage -> LlmCost.PowerShell.Output.LlmImportSummary [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -Force [SwitchParameter] __AllParameterSets()
  -Format [ImportFormat] __AllParameterSets()
  -Path [String[]] __AllParameterSets(mandatory pos0 pipeline byname)
  -Provider [String] __AllParameterSets()
  -Recurse [SwitchParameter] __AllParameterSets()
  -SessionId [String] __AllParameterSets()
""",
            ["Initialize-LlmCostStore"] = """
Initialize-LlmCostStore -> LlmCost.PowerShell.Output.LlmStoreInfo [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
""",
            ["Remove-LlmBudget"] = """
Remove-LlmBudget -> System.Void [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -Name [String[]] __AllParameterSets(mandatory pos0 byname)
""",
            ["Set-LlmBudget"] = """
Set-LlmBudget -> LlmCost.PowerShell.Output.LlmBudgetStatus [default: ] ShouldProcess
  -Amount [Nullable[Decimal]] __AllParameterSets(byname)
  -Database [String] __AllParameterSets()
  -Hard [SwitchParameter] __AllParameterSets(byname)
  -Model [String] __AllParameterSets(byname)
  -Name [String] __AllParameterSets(mandatory pos0 byname)
  -Notify [String[]] __AllParameterSets(byname)
  -PassThru [SwitchParameter] __AllParameterSets()
  -Period [Nullable[BudgetPeriod]] __AllParameterSets(byname)
  -Provider [String] __AllParameterSets(byname)
  -Session [String] __AllParameterSets(byname)
  -Tag [String] __AllParameterSets(byname)
  -Threshold [Int32[]] __AllParameterSets(byname)
  -TimeZone [String] __AllParameterSets(byname)
""",
            ["Set-LlmModelPrice"] = """
Set-LlmModelPrice -> LlmCost.PowerShell.Output.LlmModelPrice [default: ] ShouldProcess
  -BatchMultiplier [Nullable[Decimal]] __AllParameterSets(byname)
  -CacheRead [Nullable[Decimal]] __AllParameterSets(byname)
  -CacheWrite1h [Nullable[Decimal]] __AllParameterSets(byname)
  -CacheWrite5m [Nullable[Decimal]] __AllParameterSets(byname)
  -Database [String] __AllParameterSets()
  -EffectiveFrom [Nullable[DateTime]] __AllParameterSets(byname)
  -EffectiveTo [Nullable[DateTime]] __AllParameterSets(byname)
  -Input [Decimal] __AllParameterSets(mandatory byname)
  -Model [String] __AllParameterSets(mandatory byname)
  -Output [Decimal] __AllParameterSets(mandatory byname)
  -PassThru [SwitchParameter] __AllParameterSets()
  -PerRequest [Nullable[Decimal]] __AllParameterSets(byname)
  -Provider [String] __AllParameterSets(mandatory byname)
  -Reasoning [Nullable[Decimal]] __AllParameterSets(byname)
""",
            ["Test-LlmCostStore"] = """
Test-LlmCostStore -> LlmCost.PowerShell.Output.LlmStoreCheck [default: ]
  -Database [String] __AllParameterSets()
""",
            ["Test-LlmBudget"] = """
Test-LlmBudget -> LlmCost.PowerShell.Output.LlmBudgetStatus [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -FailOnBreach [SwitchParameter] __AllParameterSets()
  -IncludeAnomalies [SwitchParameter] __AllParameterSets()
  -Name [String[]] __AllParameterSets(pos0 byname)
""",
            ["Update-LlmCost"] = """
Update-LlmCost -> LlmCost.PowerShell.Output.LlmRepriceResult [default: ] ShouldProcess
  -Database [String] __AllParameterSets()
  -Model [String[]] __AllParameterSets()
  -Provider [String[]] __AllParameterSets()
  -Reason [String] __AllParameterSets()
  -Reprice [SwitchParameter] __AllParameterSets(mandatory)
  -Session [String[]] __AllParameterSets(byname)
  -Since [Nullable[DateTime]] __AllParameterSets()
  -Tag [String[]] __AllParameterSets()
  -Until [Nullable[DateTime]] __AllParameterSets()
""",
        };

        private readonly ModuleHost _host = new ModuleHost();

        public void Dispose() => _host.Dispose();

        public static IEnumerable<object[]> Cmdlets() => Contracts.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void CmdletSurface_IsTheContract(string name)
        {
            var (output, errors, _) = _host.Run(SurfaceScript, new Dictionary<string, object?> { ["name"] = name });
            Assert.Empty(errors);
            Assert.Equal(Contracts[name].Replace("\r\n", "\n"), string.Join("\n", output.Select(o => o.BaseObject.ToString())).Replace("\r\n", "\n"));
        }

        [Fact]
        public void EveryCmdletOfTheModule_HasAContract()
        {
            var (names, _, _) = _host.Run("(Get-Command -Module LlmCost).Name");
            Assert.Equal(Contracts.Keys.OrderBy(k => k), names.Select(n => (string)n.BaseObject).OrderBy(n => n));
        }
    }
}
