using SchoolAssessment.Features.Documents.Spreadsheets;

namespace SchoolAssessment.Tests.Features.Documents;

public class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 123", "'+86 123")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=cmd", "'\t=cmd")]
    [InlineData("\r\n+1", "'\r\n+1")]
    [InlineData("党校", "党校")]
    [InlineData("1+1=2", "1+1=2")]
    [InlineData("a-b", "a-b")]
    [InlineData("\tplain", "\tplain")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("", "")]
    public void Neutralise_prefixes_only_what_a_spreadsheet_would_execute(string text, string stored)
    {
        Assert.Equal(stored, SpreadsheetText.Neutralise(text));
    }

    [Theory]
    [InlineData("'=1+1", "=1+1")]
    [InlineData("'+86", "+86")]
    [InlineData("'-5", "-5")]
    [InlineData("'@x", "@x")]
    [InlineData("'\t=cmd", "\t=cmd")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("''=x", "''=x")]
    [InlineData("'", "'")]
    [InlineData("=1", "=1")]
    [InlineData("", "")]
    public void Restore_removes_only_the_apostrophe_neutralise_adds(string stored, string text)
    {
        Assert.Equal(text, SpreadsheetText.Restore(stored));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(" @x")]
    [InlineData("plain")]
    public void Restore_undoes_neutralise(string text)
    {
        Assert.Equal(text, SpreadsheetText.Restore(SpreadsheetText.Neutralise(text)));
    }
}
