

namespace LlmCost.Core.Storage
{
    /// <summary>Port: the import state of files (written by <see cref="IBulkRequestWriter.MarkFileRead"/>).</summary>
    public interface IImportFileStates
    {
        /// <summary>Every file's import state, by path (one read for a whole import: thousands of session files).</summary>
        System.Collections.Generic.IReadOnlyDictionary<string, ImportFileState> GetImportFileStates();
    }
}
