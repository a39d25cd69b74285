

namespace LlmCost.Core.Storage
{
    /// <summary>Port: the import state of files (written by <see cref="IBulkRequestWriter.MarkFileRead"/>).</summary>
    public interface IImportFileStates
    {
        ImportFileState? GetImportFileState(string path);
    }
}
