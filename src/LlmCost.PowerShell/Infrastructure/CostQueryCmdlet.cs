using System;
using System.Management.Automation;
using LlmCost.Core.Queries;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>The filters shared by Get-LlmUsage, Get-LlmCost and Export-LlmCost.</summary>
    public abstract class CostQueryCmdlet : LlmCostCmdlet
    {
        /// <summary><para type="description">Only these sessions.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SessionId")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string[]? Session { get; set; }

        /// <summary><para type="description">Start of the range (inclusive). A time without a zone is local time; use UTC or an offset to be exact.</para></summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary><para type="description">End of the range (exclusive).</para></summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary><para type="description">Only these providers (openai, anthropic, google, groq, ...).</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string[]? Provider { get; set; }

        /// <summary><para type="description">Only these models; * and ? are wildcards.</para></summary>
        [Parameter]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string[]? Model { get; set; }

        /// <summary><para type="description">Only requests with one of these tags.</para></summary>
        [Parameter]
        public string[]? Tag { get; set; }

        protected CostQuery BuildQuery() => new CostQuery
        {
            Sessions = Session,
            Since = Since?.ToUniversalTime(),
            Until = Until?.ToUniversalTime(),
            Providers = Provider,
            Models = Model,
            Tags = Tag,
        };


    }
}
