namespace LlmCost.Core.Budgets
{
    /// <summary>Checked by the embedding API before a request is sent. Implemented by the budget evaluator.</summary>
    public interface IBudgetGate
    {
        /// <summary>Throws <see cref="BudgetExceededException"/> when a hard budget covering <paramref name="scope"/> is spent.</summary>
        void EnsureAllowed(RequestScope scope);
    }
}
