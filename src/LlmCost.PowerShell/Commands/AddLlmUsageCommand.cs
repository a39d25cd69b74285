using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Budgets;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Pricing;
using LlmCost.Core.Storage;
using LlmCost.Core.Usage;
using LlmCost.PowerShell.Infrastructure;
using LlmCost.PowerShell.Output;

namespace LlmCost.PowerShell.Commands
{
    /// <summary>Records requests' usage; pipeline input by property name (Import-Csv usage.csv | Add-LlmUsage).</summary>
    [Cmdlet(VerbsCommon.Add, "LlmUsage", SupportsShouldProcess = true, DefaultParameterSetName = CountsSet)]
    [OutputType(typeof(LlmUsageResult))]
    public sealed class AddLlmUsageCommand : LlmCostCmdlet
    {
        protected override bool CreatesStore => true;

        private const int FlushEvery = 1000;
        private const string CountsSet = "Counts";
        private const string ResponseSet = "Response";
        private readonly List<UsageRecord> _pending = new List<UsageRecord>();
        private long _seen;

        [Parameter(ParameterSetName = CountsSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ResponseSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = "";

        /// <summary><para type="description">A raw provider response body (JSON), OpenTelemetry span, or streamed (SSE) transcript.</para></summary>
        [Parameter(ParameterSetName = ResponseSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Body")]
        public string? Response { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public string? Provider { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PromptTokens")]
        public long InputTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CompletionTokens")]
        public long OutputTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CachedTokens")]
        public long CacheReadTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CacheWriteTokens")]
        public long CacheWrite5mTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public long CacheWrite1hTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public long ReasoningTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Session")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public string? SessionId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RequestId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OccurredAt", "Time")]
        public DateTime? Timestamp { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Batch")]
        [BoolText]
        public SwitchParameter IsBatch { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [TagList]
        public string[]? Tag { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            _seen++;
            if (ParameterSetName == ResponseSet && !ReadResponse()) return;
            var tokens = new TokenUsage(InputTokens, OutputTokens, CacheReadTokens, CacheWrite5mTokens, CacheWrite1hTokens, ReasoningTokens);
            string target = $"{Provider ?? "(provider from model)"}/{Model} at {((Timestamp.HasValue ? LlmCost.Core.Time.TimeInput.ToUtc(Timestamp.Value, null) : DateTime.UtcNow)).ToString("u", CultureInfo.InvariantCulture)}";
            try
            {
                tokens.Validate();
            }
            catch (InvalidUsageException ex)
            {
                // One bad record among many: report it and go on with the rest.
                WriteError(ToError(new InvalidUsageException($"Record {_seen} ({target}): {ex.Message}", ex.Fields), target));
                return;
            }

            if (!ShouldProcess(target, "Record usage")) return;
            _pending.Add(new UsageRecord(Provider, Model, (Timestamp.HasValue ? LlmCost.Core.Time.TimeInput.ToUtc(Timestamp.Value, null) : DateTime.UtcNow), tokens)
            {
                SessionId = string.IsNullOrEmpty(SessionId) ? null : SessionId,
                RequestId = string.IsNullOrEmpty(RequestId) ? null : RequestId,
                IsBatch = IsBatch.IsPresent,
                Tags = Tag,
                Source = "cmdlet",
            });
            if (_pending.Count >= FlushEvery) Flush();
        }

        protected override void EndProcessing() => Flush();

        /// <summary>Fills the counts (and model, id, time when the payload has them) from -Response.</summary>
        private bool ReadResponse()
        {
            ParsedUsage? parsed;
            try
            {
                parsed = PayloadParser.Parse(Response ?? "", Provider);
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, $"response {_seen}"));
                return false;
            }

            if (parsed == null)
            {
                WriteError(new ErrorRecord(new LlmCostException("NoUsageInResponse", $"Response {_seen} has no usage to record."), "NoUsageInResponse", ErrorCategory.InvalidData, Response));
                return false;
            }

            InputTokens = parsed.Tokens.InputTokens;
            OutputTokens = parsed.Tokens.OutputTokens;
            CacheReadTokens = parsed.Tokens.CacheReadTokens;
            CacheWrite5mTokens = parsed.Tokens.CacheWrite5mTokens;
            CacheWrite1hTokens = parsed.Tokens.CacheWrite1hTokens;
            ReasoningTokens = parsed.Tokens.ReasoningTokens;
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Model)) || string.IsNullOrEmpty(Model)) Model = parsed.Model ?? "";
            if (string.IsNullOrEmpty(Model))
            {
                WriteError(new ErrorRecord(new LlmCostException("InvalidUsagePayload", $"Response {_seen} does not name its model: give -Model."), "InvalidUsagePayload", ErrorCategory.InvalidData, Response));
                return false;
            }

            Provider ??= parsed.Provider;
            RequestId ??= parsed.RequestId;
            Timestamp ??= parsed.Timestamp;
            SessionId ??= parsed.SessionId;
            if (parsed.IsBatch) IsBatch = true;
            return true;
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var batch = _pending.ToList();
            _pending.Clear();
            var recording = new UsageRecorder(Store).Record(batch);
            foreach (var rejected in recording.Rejected) WriteError(ToError(rejected.Error, rejected.Record.Model));
            foreach (var r in recording.Recorded)
            {
                if (r.Status == PricingStatus.Unpriced && r.Added)
                {
                    WriteWarning($"No price is known for model '{r.Model}' (provider '{r.Provider}'): the request is stored as unpriced, not as $0. Add one with Set-LlmModelPrice.");
                }

                if (PassThru) WriteObject(LlmUsageResult.From(r));
            }

            foreach (var crossing in recording.Crossings)
            {
                WriteWarning(crossing.ToString());
            }
        }
    }
}
