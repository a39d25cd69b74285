
namespace LlmCost.Core.Ingestion
{
    public enum ImportFormat
    {
        /// <summary>Decide per file (extension, first line) and per line.</summary>
        Auto,
        /// <summary>One JSON document per line: provider responses, OpenTelemetry spans, batch output, Claude Code logs.</summary>
        Jsonl,
        /// <summary>A whole JSON document: one response or an array of them.</summary>
        Json,
        OpenAIBatch,
        ClaudeCode,
        Csv,
        /// <summary>A server-sent-events transcript of one streamed response.</summary>
        Sse,
        /// <summary>LiteLLM's LiteLLM_SpendLogs table exported as CSV or JSON (docs/migration.md).</summary>
        LiteLlm,
        /// <summary>Langfuse's observations (generations) exported as CSV or JSON (docs/migration.md).</summary>
        Langfuse,
    }
}
