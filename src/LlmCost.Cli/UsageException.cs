using System;

namespace LlmCost.Cli
{
    /// <summary>A user error: printed to stderr, exit code 2.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
