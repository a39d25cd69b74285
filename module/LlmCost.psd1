@{
    RootModule           = 'LlmCost.PowerShell.dll'
    # Stamped at build time from <Version> in Directory.Build.props, the one place the version is set.
    ModuleVersion        = '0.0.0'
    GUID                 = '3f6f0a51-8c0e-4f7e-9d43-2b1f4c6e8a17'
    Author               = 'LlmCost contributors'
    CompanyName          = 'LlmCost'
    Copyright            = '(c) LlmCost contributors. MIT licence.'
    Description          = 'What your LLM API calls cost - per request, session, model, provider, day and month - with budgets, alerts and exports.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('LlmCost.format.ps1xml')
    TypesToProcess       = @('LlmCost.types.ps1xml')
    CmdletsToExport      = @(
        'Initialize-LlmCostStore'
        'Get-LlmCostStore'
        'Test-LlmCostStore'
        'Backup-LlmCostStore'
        'Copy-LlmCostStore'
        'Update-LlmCost'
        'Get-LlmRepriceHistory'
        'Add-LlmUsage'
        'Import-LlmUsage'
        'Get-LlmUsage'
        'Get-LlmCost'
        'Compare-LlmModelCost'
        'Get-LlmCostRecommendation'
        'Import-LlmProviderCost'
        'Compare-LlmProviderCost'
        'Export-LlmCost'
        'Get-LlmModelPrice'
        'Set-LlmModelPrice'
        'Import-LlmModelPrice'
        'Test-LlmModelPrice'
        'Update-LlmModelPrice'
        'Set-LlmContractDiscount'
        'Get-LlmContractDiscount'
        'Remove-LlmContractDiscount'
        'Set-LlmBudget'
        'Get-LlmBudget'
        'Remove-LlmBudget'
        'Test-LlmBudget'
        'Get-LlmBudgetAlert'
        'Get-LlmCostAnomaly'
        'Export-LlmCostReport'
        'Start-LlmCostDashboard'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('LLM', 'OpenAI', 'Anthropic', 'Gemini', 'Groq', 'Cost', 'Budget', 'FinOps', 'Linux', 'MacOS', 'Windows')
            LicenseUri   = 'https://github.com/llmcost/llmcost/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/llmcost/llmcost'
            ReleaseNotes = 'https://github.com/llmcost/llmcost/blob/main/CHANGELOG.md'
        }
    }
}
