using System.IO.Compression;
using SchoolAssessment.Features.Documents.Spreadsheets;
using static SchoolAssessment.Tests.Features.Documents.SpreadsheetSamples;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Reading a workbook is bounded before parsing: what it unpacks to, its rows, its cells; and at most so many errors are listed.</summary>
public class SpreadsheetBoundsTests
{
    [Fact]
    public void A_small_file_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed()
    {
        // A real workbook with one extra part of 101 MB of spaces: it compresses to a few hundred KB.
        var stream = new MemoryStream();
        stream.Write(XlsxWriter.ToBytes([Ledger()]));
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var part = zip.CreateEntry("xl/padding.xml", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 101; i++) part.Write(block);
        }

        Assert.True(stream.Length < 2_000_000, $"{stream.Length} bytes");
        stream.Position = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var refused = Assert.Throws<SpreadsheetFormatException>(() => XlsxReader.Read(stream));

        Assert.Contains("解压后超过 100 MB", refused.Message);
        Assert.True(watch.ElapsedMilliseconds < 5000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void A_sheet_with_more_rows_than_the_limit_is_refused_naming_the_sheet()
    {
        var bytes = XlsxWriter.ToBytes([Large(XlsxReader.MaxRows + 5)]);

        var refused = Assert.Throws<SpreadsheetFormatException>(() => XlsxReader.Read(new MemoryStream(bytes)));

        Assert.Contains("“明细”超过 20000 行", refused.Message);
    }

    [Fact]
    public void The_error_list_stops_at_the_limit_and_counts_the_rest()
    {
        var errors = Enumerable.Range(1, 1_500).Select(i => $"第{i}行 A列:错误").ToList();

        var listed = XlsxReader.FirstErrors(errors);

        Assert.Equal(XlsxReader.MaxErrors + 1, listed.Count);
        Assert.Equal("……另有 1400 处错误", listed[^1]);
        Assert.Same(errors.Take(3).ToList()[0], listed[0]);
        Assert.Equal(["a"], XlsxReader.FirstErrors(["a"]));
    }
}
