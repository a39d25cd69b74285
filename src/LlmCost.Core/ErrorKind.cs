namespace LlmCost.Core
{
    /// <summary>What kind of failure an error id is; front ends turn it into their own terms (an ErrorCategory, an exit code).</summary>
    public enum ErrorKind
    {
        /// <summary>A bad argument or setting given by the user.</summary>
        InvalidArgument,
        /// <summary>Bad data: counts, a payload, a price or CSV file.</summary>
        InvalidData,
        /// <summary>A named thing (budget, price, file) does not exist.</summary>
        NotFound,
        /// <summary>The store cannot be opened or migrated.</summary>
        OpenError,
        /// <summary>A limit is spent (a hard budget).</summary>
        LimitsExceeded,
        /// <summary>A notification could not be delivered.</summary>
        ConnectionError,
        /// <summary>Reading or writing a file or the store failed.</summary>
        ReadWriteError,
    }
}
