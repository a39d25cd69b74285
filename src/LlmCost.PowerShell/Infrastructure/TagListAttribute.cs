using System;
using System.Linq;
using System.Management.Automation;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>Lets a CSV cell "a;b" bind as the tags a and b.</summary>
    public sealed class TagListAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string s)
            {
                return s.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();
            }

            return inputData;
        }
    }
}
