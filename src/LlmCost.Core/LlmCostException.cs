using System;

namespace LlmCost.Core
{
    /// <summary>Base of every error the core raises on purpose. <see cref="ErrorId"/> is stable and scriptable.</summary>
    public class LlmCostException : Exception
    {
        public LlmCostException(string errorId, string message, Exception? inner = null) : base(message, inner)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }
}
