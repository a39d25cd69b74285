using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using LlmCost.Core;
using LlmCost.Core.Ingestion;
using LlmCost.Core.Pricing;
using LlmCost.Core.Time;
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

        /// <summary><para type="description">A raw provider response body (JSON text), OpenTelemetry span, or streamed (SSE) transcript; or the object Invoke-RestMethod returned for it.</para></summary>
        [Parameter(ParameterSetName = ResponseSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Body")]
        public object? Response { get; set; }

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

        /// <summary><para type="description">The service tier the request ran on (priority, flex, ...): priced with the tier's own price, or stored unpriced when it has none. With -Response, the response's own tier unless given.</para></summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ServiceTier { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Tags")]
        [TagList]
        public string[]? Tag { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private static readonly string[] CountParameters =
        {
            nameof(InputTokens), nameof(OutputTokens), nameof(CacheReadTokens), nameof(CacheWrite5mTokens), nameof(CacheWrite1hTokens), nameof(ReasoningTokens),
        };

        protected override void ProcessRecord()
        {
            _seen++;
            // Everything below is read into locals: a piped record never inherits a value a previous one set.
            _steps = null;
            var record = ParameterSetName == ResponseSet ? FromResponse() : FromCounts();
            if (record == null) return;
            string target = $"{record.Provider ?? "(provider from model)"}/{record.Model} at {record.OccurredAtUtc.ToString("u", CultureInfo.InvariantCulture)}";
            try
            {
                record.Tokens.Validate();
            }
            catch (InvalidUsageException ex)
            {
                // One bad record among many: report it and go on with the rest.
                WriteError(ToError(new InvalidUsageException($"Record {_seen} ({target}): {ex.Message}", ex.Fields), target));
                return;
            }

            if (!ShouldProcess(target, "Record usage")) return;
            _pending.Add(record);
            // Billed steps of the same response run on another model (an advisor): stored next to it.
            if (_steps != null) _pending.AddRange(_steps.StepRecords(record));
            if (_pending.Count >= FlushEvery) Flush();
        }

        protected override void EndProcessing() => Flush();

        /// <summary>The response being recorded, for the records of its steps.</summary>
        private ParsedUsage? _steps;

        private UsageRecord? FromCounts()
        {
            // A row without any count (a piped object that is not usage) is refused, never stored as a $0 request.
            if (!CountParameters.Any(MyInvocation.BoundParameters.ContainsKey))
            {
                var ex = new LlmCostException("NoTokenCounts",
                    $"Record {_seen} ({Model}) has no token counts: give InputTokens and OutputTokens (or -Response with a provider response); nothing was recorded.");
                WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, Model));
                return null;
            }

            var tokens = new TokenUsage(InputTokens, OutputTokens, CacheReadTokens, CacheWrite5mTokens, CacheWrite1hTokens, ReasoningTokens);
            return NewRecord(Provider, Model, TimeInput.ToUtc(Timestamp, null) ?? DateTime.UtcNow, tokens,
                SessionId, RequestId, IsBatch.IsPresent, ServiceTier);
        }

        private UsageRecord NewRecord(string? provider, string model, DateTime atUtc, TokenUsage tokens, string? session, string? requestId, bool batch, string? tier) =>
            new UsageRecord(provider, model, atUtc, tokens)
            {
                SessionId = string.IsNullOrEmpty(session) ? null : session,
                RequestId = string.IsNullOrEmpty(requestId) ? null : requestId,
                IsBatch = batch,
                ServiceTier = tier,
                Tags = Tag,
                Source = "cmdlet",
            };

        /// <summary>
        /// A record from -Response: JSON or SSE text, or the object Invoke-RestMethod returns (turned back into JSON).
        /// Parameters given explicitly win over the payload's values.
        /// </summary>
        private UsageRecord? FromResponse()
        {
            string? body = ResponseText();
            if (body == null) return null;
            ParsedUsage? parsed;
            try
            {
                parsed = PayloadParser.Parse(body, Provider);
            }
            catch (LlmCostException ex)
            {
                WriteError(ToError(ex, $"response {_seen}"));
                return null;
            }

            if (parsed == null)
            {
                WriteError(new ErrorRecord(new LlmCostException("NoUsageInResponse", $"Response {_seen} has no usage to record."), "NoUsageInResponse", ErrorCategory.InvalidData, body));
                return null;
            }

            string model = MyInvocation.BoundParameters.ContainsKey(nameof(Model)) && !string.IsNullOrEmpty(Model) ? Model : parsed.Model ?? "";
            if (string.IsNullOrEmpty(model))
            {
                WriteError(new ErrorRecord(new LlmCostException("InvalidUsagePayload", $"Response {_seen} does not name its model: give -Model."), "InvalidUsagePayload", ErrorCategory.InvalidData, body));
                return null;
            }

            _steps = parsed;
            DateTime at = TimeInput.ToUtc(Timestamp, null) ?? parsed.Timestamp ?? DateTime.UtcNow;
            return NewRecord(Provider ?? parsed.Provider, model, at, parsed.Tokens, SessionId ?? parsed.SessionId, RequestId ?? parsed.RequestId,
                IsBatch.IsPresent || parsed.IsBatch, ServiceTier ?? parsed.ServiceTier);
        }

        private string? ResponseText()
        {
            object? value = Response is PSObject pso ? pso.BaseObject : Response;
            if (value is string text) return text;
            if (value == null)
            {
                WriteError(new ErrorRecord(new LlmCostException("NoUsageInResponse", $"Response {_seen} is empty."), "NoUsageInResponse", ErrorCategory.InvalidData, null));
                return null;
            }

            // The object Invoke-RestMethod returns (PSCustomObject, hashtable): back to the JSON it came from.
            var json = InvokeCommand.InvokeScript("param($o) ConvertTo-Json -InputObject $o -Depth 64 -Compress", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, Response);
            return json.Count == 1 ? json[0]?.BaseObject as string : null;
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
                    WriteWarning(r.UnpricedTier
                        ? $"The request is stored as unpriced, not as $0: {r.UnpricedReason}."
                        : $"No price is known for model '{r.Model}' (provider '{r.Provider}'): the request is stored as unpriced, not as $0. Add one with Set-LlmModelPrice.");
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
