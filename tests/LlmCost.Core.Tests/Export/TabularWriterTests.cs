using System.IO;
using LlmCost.Core.Export;

namespace LlmCost.Core.Tests
{
    public sealed class TabularWriterTests
    {
        [Theory]
        [InlineData("=HYPERLINK(\"x\")")]
        [InlineData("+1+2")]
        [InlineData("@SUM(A1)")]
        [InlineData("\t=cmd")]
        [InlineData("\r=cmd")]
        [InlineData("\uFF1D1+1")] // full-width equals sign
        [InlineData("\uFF20SUM(A1)")]
        public void CsvCellsThatASpreadsheetWouldRunAsAFormula_AreNeutralised(string text)
        {
            var w = new StringWriter();
            TabularWriter.WriteCsv(w, new[] { "Tag" }, new[] { new object?[] { text } });
            string cell = w.ToString().Split("\r\n")[1];
            Assert.StartsWith("'", cell.TrimStart('"'));
        }

        [Fact]
        public void NumbersAndPlainText_AreLeftAlone()
        {
            var w = new StringWriter();
            TabularWriter.WriteCsv(w, new[] { "A", "B" }, new[] { new object?[] { -1.5m, "team-a" } });
            Assert.Equal("A,B\r\n-1.5,team-a\r\n", w.ToString());
        }
    }
}
