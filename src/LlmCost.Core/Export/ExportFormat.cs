using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmCost.Core.Export
{
    public enum ExportFormat
    {
        Csv,
        Json,
    }
}
