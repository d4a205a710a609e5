using System.IO.Compression;
using System.Text;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Tests.Features.Evidence;
using static SchoolAssessment.Tests.Features.Documents.SpreadsheetSamples;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Reads back what the writer wrote, and refuses what is not a workbook.</summary>
public class SpreadsheetReaderTests
{
    private static IReadOnlyList<SheetData> RoundTrip(params SheetSpec[] sheets) =>
        XlsxReader.Read(new MemoryStream(XlsxWriter.ToBytes(sheets)));

    private static object? Value(SheetData sheet, string reference) =>
        sheet.Rows.SelectMany(r => r).SingleOrDefault(c => c.Reference == reference)?.Value;

    [Fact]
    public void Values_come_back_with_their_types()
    {
        var sheet = Assert.Single(RoundTrip(Ledger()));

        Assert.Equal("考核台账", sheet.Name);
        Assert.Equal("2024年度办学质量考核台账", Value(sheet, "A1"));
        Assert.Equal("得分", Value(sheet, "C3"));
        Assert.Equal(1m, Value(sheet, "A4"));
        Assert.Equal("领导班子建设", Value(sheet, "B4"));
        Assert.Equal(9.5m, Value(sheet, "C4"));
        Assert.Equal(4.25m, Value(sheet, "C5"));
        Assert.Equal("未达标", Value(sheet, "D5"));
        Assert.Equal(new DateTime(2024, 3, 31), Value(sheet, "E4"));
        Assert.Equal(13.75m, Value(sheet, "C6"));
        Assert.Null(Value(sheet, "F4"));
        Assert.False(sheet.Hidden);
    }

    [Fact]
    public void Every_number_type_reads_back_as_the_decimal_written()
    {
        var spec = new SheetSpec("数", [new("a", 8, CellKind.Number), new("b", 8), new("c", 8), new("d", 8), new("e", 8), new("f", 8)],
            [new([12.5m, 12.5, 0.1 + 0.2, -5m, 1234567890123L, 0.000123m])]);

        var row = Assert.Single(Assert.Single(RoundTrip(spec)).Rows, r => r[0].Row == 2);

        Assert.Equal([12.5m, 12.5m, 0.3m, -5m, 1234567890123m, 0.000123m], row.Select(c => c.Value));
        Assert.All(row, c => Assert.IsType<decimal>(c.Value));
    }

    [Fact]
    public void Dates_and_times_come_back_as_date_times()
    {
        var spec = new SheetSpec("日", [new("日期", 12, CellKind.Date), new("时间", 16, CellKind.Date) { NumberFormat = "yyyy-mm-dd hh:mm" }, new("文本列", 12)],
            [new([new DateOnly(2024, 2, 29), new DateTime(2024, 6, 1, 14, 30, 0), new DateOnly(2025, 1, 1)])]);

        var sheet = Assert.Single(RoundTrip(spec));

        Assert.Equal(new DateTime(2024, 2, 29), Value(sheet, "A2"));
        Assert.Equal(new DateTime(2024, 6, 1, 14, 30, 0), Value(sheet, "B2"));
        Assert.Equal(new DateTime(2025, 1, 1), Value(sheet, "C2")); // a date in a text column is still a date
    }

    [Fact]
    public void Row_numbers_stay_true_to_excel_across_blank_rows()
    {
        var spec = new SheetSpec("表", [new("甲", 8), new("乙", 8), new("丙", 8)],
            [new(["一", null, "x"]), new([null, null, null]), new([]), new([null, null, "五"]), new(["  "])]);

        var sheet = Assert.Single(RoundTrip(spec));

        Assert.Equal([1, 2, 5], sheet.Rows.Select(r => r[0].Row));
        Assert.Equal(["A1", "B1", "C1"], sheet.Rows[0].Select(c => c.Reference));
        Assert.Equal([(1, "一"), (3, "x")], sheet.Rows[1].Select(c => (c.Column, (string)c.Value!)));
        Assert.Equal("C5", Assert.Single(sheet.Rows[2]).Reference);
    }

    [Fact]
    public void Leading_blank_rows_keep_the_numbering()
    {
        // A title-less sheet whose only text is far down: built by hand so rows 1–3 are absent from the file.
        var sheet = Assert.Single(XlsxReader.Read(new MemoryStream(HandMadeWorkbook(
            """<row r="4"><c r="C4" t="inlineStr"><is><t> 第四行 </t></is></c></row><row r="7"><c r="B7"><v>3</v></c></row>"""))));

        Assert.Equal([new SheetCell(4, 3, "第四行")], sheet.Rows[0]);
        Assert.Equal([new SheetCell(7, 2, 3m)], sheet.Rows[1]);
    }

    [Fact]
    public void Booleans_come_back_as_bools_and_errors_as_blanks()
    {
        var sheet = Assert.Single(XlsxReader.Read(new MemoryStream(HandMadeWorkbook(
            """<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#DIV/0!</v></c><c r="D1" t="str"><v>'=x</v></c></row>"""))));

        Assert.Equal([new SheetCell(1, 1, true), new SheetCell(1, 2, false), new SheetCell(1, 4, "=x")], sheet.Rows[0]);
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("+86 123 4567 8910")]
    [InlineData("-5")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=cmd")]
    public void Formula_like_text_is_stored_with_an_apostrophe_and_restored_on_read(string text)
    {
        var bytes = XlsxWriter.ToBytes([new SheetSpec("表", [new("列", 10)], [new([text])])]);

        using (var document = Open(bytes))
        {
            Assert.Equal("'" + text, Text(document, Cell(Sheet(document, "表"), "A2")));
        }

        Assert.Equal(text.Trim(), Value(Assert.Single(XlsxReader.Read(new MemoryStream(bytes))), "A2"));
    }

    [Fact]
    public void A_negative_number_is_a_number_not_neutralised_text()
    {
        var sheet = Assert.Single(RoundTrip(new SheetSpec("表", [new("列", 10, CellKind.Number)], [new([-5m]), new([-2.5])])));

        Assert.Equal(-5m, Value(sheet, "A2"));
        Assert.Equal(-2.5m, Value(sheet, "A3"));
    }

    [Fact]
    public void Chinese_text_and_awkward_characters_survive()
    {
        const string text = "党校「教学」质量评估——第一阶段\n备注:𠀀 ✓ _x0041_ 结束";
        var sheet = Assert.Single(RoundTrip(new SheetSpec("中文", [new("列", 10)], [new([text]), new(["  前后空格  "])])));

        Assert.Equal(text, Value(sheet, "A2"));
        Assert.Equal("前后空格", Value(sheet, "A3"));
    }

    [Fact]
    public void Keys_read_back_for_re_import()
    {
        var sheet = Assert.Single(RoundTrip(Ledger() with { ShowKeys = true }));

        var keys = sheet.Rows.Single(r => r[0].Row == 4);

        Assert.Equal(["indicator", "score", "status", "due", "note"], keys.Select(c => c.Value));
        Assert.Equal(2, keys[0].Column);
    }

    [Fact]
    public void The_hidden_list_sheet_is_read_and_marked_hidden()
    {
        var choices = Enumerable.Range(1, 60).Select(i => $"第{i}党支部").ToList();

        var sheets = RoundTrip(new SheetSpec("表", [new("支部", 12) { Choices = choices }], [new(["第1党支部"])]));

        Assert.Equal(["表", "_lists"], sheets.Select(s => s.Name));
        Assert.Equal([false, true], sheets.Select(s => s.Hidden));
        Assert.Equal(60, sheets[1].Rows.Count);
    }

    [Fact]
    public void Several_sheets_come_back_in_order()
    {
        var sheets = RoundTrip(Ledger(), Ledger() with { Name = "第二页" }, new SheetSpec("空表", [new("列", 10)], []));

        Assert.Equal(["考核台账", "第二页", "空表"], sheets.Select(s => s.Name));
        Assert.Equal(["列"], sheets[2].Rows.SelectMany(r => r).Select(c => c.Value));
    }

    [Fact]
    public void A_thousand_rows_of_seventeen_columns_write_and_read_back()
    {
        var bytes = XlsxWriter.ToBytes([Large(1000)]);

        var sheet = Assert.Single(XlsxReader.Read(new MemoryStream(bytes)));

        Assert.Equal(1002, sheet.Rows.Count); // title, header, 1,000 rows
        var last = sheet.Rows[^1];
        Assert.Equal(1002, last[0].Row);
        Assert.Equal(1000m, last[0].Value);
        Assert.Equal("=SUM(A1)", last.Single(c => c.Column == 14).Value);
        Assert.Equal(-1000m, last.Single(c => c.Column == 15).Value);
        Assert.Equal(100m, last.Single(c => c.Column == 17).Value);
        Assert.Equal(new DateTime(2024, 6, 1).AddHours(1000), last.Single(c => c.Column == 13).Value);
        Assert.Equal("是", last.Single(c => c.Column == 8).Value);
    }

    [Fact]
    public void A_forward_only_stream_is_read()
    {
        var bytes = XlsxWriter.ToBytes([Ledger()]);

        var sheets = XlsxReader.Read(new NonSeekable(bytes));

        Assert.Equal("考核台账", Assert.Single(sheets).Name);
    }

    public static TheoryData<string, byte[]> NotWorkbooks()
    {
        var workbook = XlsxWriter.ToBytes([Ledger()]);
        static byte[] Zip(string path, string content)
        {
            var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = new StreamWriter(zip.CreateEntry(path).Open());
                entry.Write(content);
            }

            return stream.ToArray();
        }

        return new()
        {
            { "empty", [] },
            { "text", Encoding.UTF8.GetBytes("序号,指标\n1,领导班子建设\n") },
            { "pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF") },
            { "truncated zip", workbook[..(workbook.Length / 2)] },
            { "broken workbook xml", Zip("xl/workbook.xml", "<workbook><sheets><sheet") },
            { "word document", Zip("word/document.xml", "<w:document/>") },
            { "ole header alone", CompoundHeaderOnly() },
            { "legacy word document", CompoundFiles.Word() },
            { "xls with a blank workbook stream", CompoundFiles.Excel() },
        };
    }

    [Theory]
    [MemberData(nameof(NotWorkbooks))]
    public void What_is_not_a_workbook_is_refused_in_chinese(string what, byte[] bytes)
    {
        var e = Assert.Throws<SpreadsheetFormatException>(() => XlsxReader.Read(new MemoryStream(bytes)));

        Assert.StartsWith("文件不是有效的 Excel 工作簿(.xlsx):", e.Message);
        Assert.True(e.Message.Length > "文件不是有效的 Excel 工作簿(.xlsx):".Length, what);
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(52, "AZ")]
    [InlineData(53, "BA")]
    [InlineData(702, "ZZ")]
    [InlineData(703, "AAA")]
    [InlineData(16384, "XFD")]
    public void Column_letters_count_like_excel(int column, string letters)
    {
        Assert.Equal(letters, XlsxReader.ColumnLetters(column));
    }

    [Fact]
    public void References_put_the_letters_before_the_row()
    {
        Assert.Equal("C5", XlsxReader.Reference(5, 3));
        Assert.Equal("AB100", new SheetCell(100, 28, null).Reference);
        Assert.Throws<ArgumentOutOfRangeException>(() => XlsxReader.ColumnLetters(0));
    }

    /// <summary>A minimal workbook with the given sheetData rows and nothing Excel would add.</summary>
    private static byte[] HandMadeWorkbook(string rows)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open());
                writer.Write(xml);
            }

            Add("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
                """);
            Add("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Add("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """);
            Add("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="手工" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Add("xl/worksheets/sheet1.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>
                """);
        }

        return stream.ToArray();
    }

    /// <summary>The signature of an OLE compound file (old .doc/.xls) followed by nothing useful.</summary>
    private static byte[] CompoundHeaderOnly()
    {
        var bytes = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        return bytes;
    }

    private sealed class NonSeekable(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
