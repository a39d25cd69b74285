using System.Management.Automation;

namespace LlmCost.PowerShell.Infrastructure
{
    /// <summary>Lets CSV text ("true", "False", "1", "0", "") bind to a switch: PowerShell would treat any non-empty string as $true.</summary>
    public sealed class BoolTextAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (!(value is string s)) return inputData;
            switch (s.Trim().ToLowerInvariant())
            {
                case "":
                case "0":
                case "false":
                case "no":
                    return new SwitchParameter(false);
                case "1":
                case "true":
                case "yes":
                    return new SwitchParameter(true);
                default:
                    throw new ArgumentTransformationMetadataException($"'{s}' is not true or false.");
            }
        }
    }
}
