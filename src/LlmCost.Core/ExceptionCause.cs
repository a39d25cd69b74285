using System;

namespace LlmCost.Core
{
    public static class ExceptionCause
    {
        /// <summary>The exception worth reporting: a task's AggregateException of one failure is that failure.</summary>
        public static Exception Of(Exception ex) => ex is AggregateException agg && agg.InnerExceptions.Count == 1 ? agg.InnerExceptions[0] : ex;
    }
}
