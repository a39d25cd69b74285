using System.Text.Json;

namespace LlmCost.Core.Json
{
    /// <summary>Small pieces of JSON written by hand.</summary>
    internal static class JsonText
    {
        /// <summary>A JSON string literal: quoted and escaped as the serializer escapes by default.</summary>
        public static string Quote(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";
    }
}
