using System;
using LlmCost.Core.Pricing;

namespace LlmCost.Core.Storage
{
    /// <summary>Writes a long stream of priced requests; call <see cref="Complete"/> at the end.</summary>
    public interface IBulkRequestWriter : IDisposable
    {
        /// <summary>What happens to a request whose key is already stored; applies to the requests added after it is set.</summary>
        DuplicatePolicy Policy { get; set; }

        /// <summary>Queues a priced request; may block while the writer is behind.</summary>
        void Add(PricedRequest request);

        /// <summary>Stores how far a file was read, in the transaction that writes the requests added before it.</summary>
        void MarkFileRead(ImportFileState state);

        /// <summary>Writes what is left, waits for it and returns the totals; rethrows a write failure.</summary>
        BatchResult Complete();
    }
}
