using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmCost.Core.Storage;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>Base for completers: matches by prefix, quotes when needed, never throws.</summary>
    public abstract class CompleterBase : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            IEnumerable<string> values;
            try
            {
                values = Values(fakeBoundParameters, prefix).ToList();
            }
            catch (Exception)
            {
                // Completion must never break the prompt (a locked or missing store simply completes nothing).
                values = Array.Empty<string>();
            }

            // In the order each completer gives (store models most used first, recent sessions first).
            foreach (var v in values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).Take(200))
            {
                string text = v.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')', '{', '}', ',', '@' }) >= 0 ? "'" + v.Replace("'", "''") + "'" : v;
                yield return new CompletionResult(text, v, CompletionResultType.ParameterValue, v);
            }
        }

        protected abstract IEnumerable<string> Values(IDictionary bound, string prefix);

        protected static string DatabaseOf(IDictionary bound) =>
            bound.Contains("Database") && bound["Database"] is string db && db.Length > 0 ? db : StorePaths.DefaultDatabasePath();

        protected static bool StoreExists(IDictionary bound) => System.IO.File.Exists(DatabaseOf(bound));
    }
}
