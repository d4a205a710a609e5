using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SchoolAssessment.Features.Documents.Spreadsheets;
using static SchoolAssessment.Tests.Features.Documents.SpreadsheetSamples;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Writes workbooks and inspects them with the Open XML SDK, as Excel would see them.</summary>
public class SpreadsheetWriterTests
{
    private static readonly byte[] LedgerBytes = XlsxWriter.ToBytes([Ledger()]);

    [Fact]
    public void The_workbook_is_valid_open_xml()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger(), Ledger() with { Name = "键", ShowKeys = true }, Large(50)]));

        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}");

        Assert.Empty(errors);
    }

    [Fact]
    public void The_sheet_keeps_its_chinese_name()
    {
        using var document = Open(LedgerBytes);

        Assert.Equal(["考核台账"], document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
    }

    [Fact]
    public void Title_and_subtitle_are_merged_across_all_columns()
    {
        using var document = Open(LedgerBytes);
        var sheet = Sheet(document, "考核台账");

        Assert.Equal(["A1:F1", "A2:F2"], sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value));
        var title = Cell(sheet, "A1");
        Assert.Equal("2024年度办学质量考核台账", Text(document, title));
        Assert.NotNull(Font(document, title).Bold);
        Assert.Equal(16, Font(document, title).FontSize!.Val!.Value);
        Assert.Equal(HorizontalAlignmentValues.Center, Format(document, title).Alignment!.Horizontal!.Value);
        Assert.Equal("某某市委党校 · 2024-05-01", Text(document, Cell(sheet, "A2")));
    }

    [Fact]
    public void The_header_is_bold_grey_bordered_and_frozen_above_the_data()
    {
        using var document = Open(LedgerBytes);
        var sheet = Sheet(document, "考核台账");

        var header = Cell(sheet, "C3");
        Assert.Equal("得分", Text(document, header));
        Assert.NotNull(Font(document, header).Bold);
        Assert.Equal("FFD9D9D9", Fill(document, header).PatternFill!.ForegroundColor!.Rgb!.Value);
        Assert.True(Format(document, header).BorderId!.Value > 0);
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A4", pane.TopLeftCell!.Value);
        Assert.Equal(3, pane.VerticalSplit!.Value);
        Assert.Null(pane.HorizontalSplit);
    }

    [Fact]
    public void Columns_have_the_widths_given()
    {
        using var document = Open(LedgerBytes);

        var widths = Sheet(document, "考核台账").Descendants<Column>().Select(c => (c.Min!.Value, c.Max!.Value, c.Width!.Value));

        Assert.Equal(LedgerColumns.Select((c, i) => ((uint)i + 1, (uint)i + 1, c.Width)), widths);
    }

    [Fact]
    public void Numbers_are_numeric_cells_with_the_column_format()
    {
        using var document = Open(LedgerBytes);
        var sheet = Sheet(document, "考核台账");

        var score = Cell(sheet, "C5");
        Assert.Null(score.DataType);
        Assert.Equal("4.25", score.CellValue!.Text);
        Assert.Equal("0.00", NumberFormat(document, score));
        var number = Cell(sheet, "A4");
        Assert.Null(number.DataType);
        Assert.Equal("1", number.CellValue!.Text);
        Assert.Equal("0", NumberFormat(document, number));
    }

    [Fact]
    public void Dates_are_serial_numbers_with_a_date_format()
    {
        using var document = Open(LedgerBytes);
        var sheet = Sheet(document, "考核台账");

        var due = Cell(sheet, "E4");
        Assert.Null(due.DataType);
        Assert.Equal(new DateTime(2024, 3, 31).ToOADate(), double.Parse(due.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("45382", due.CellValue.Text); // Excel's own serial for 2024-03-31
        Assert.Equal("yyyy-mm-dd", NumberFormat(document, due));
    }

    [Fact]
    public void A_highlighted_row_is_filled_light_red_in_every_column_and_keeps_its_formats()
    {
        using var document = Open(LedgerBytes);
        var sheet = Sheet(document, "考核台账");

        foreach (var column in "ABCDEF")
        {
            Assert.Equal("FFF8D7DA", Fill(document, Cell(sheet, $"{column}5")).PatternFill!.ForegroundColor?.Rgb?.Value);
            Assert.Null(Fill(document, Cell(sheet, $"{column}4")).PatternFill!.ForegroundColor);
        }

        Assert.Equal("yyyy-mm-dd", NumberFormat(document, Cell(sheet, "E5")));
        Assert.Equal("0.00", NumberFormat(document, Cell(sheet, "C5")));
    }

    [Fact]
    public void A_bold_row_is_bold_and_a_muted_row_grey()
    {
        var spec = Ledger([new(["正常"]), new(["小计", null, 3m], RowStyle.Bold), new(["作废"], RowStyle.Muted)]);
        using var document = Open(XlsxWriter.ToBytes([spec]));
        var sheet = Sheet(document, "考核台账");

        Assert.Null(Font(document, Cell(sheet, "A4")).Bold);
        Assert.NotNull(Font(document, Cell(sheet, "A5")).Bold);
        Assert.NotNull(Font(document, Cell(sheet, "C5")).Bold);
        Assert.Equal("0.00", NumberFormat(document, Cell(sheet, "C5")));
        Assert.Equal("FF808080", Font(document, Cell(sheet, "A6")).Color!.Rgb!.Value);
        Assert.Null(Font(document, Cell(sheet, "A4")).Color!.Rgb);
    }

    [Fact]
    public void Text_is_a_shared_string_never_a_formula()
    {
        var spec = Ledger([new([null, "=HYPERLINK(\"http://x\")", "12"])]);
        using var document = Open(XlsxWriter.ToBytes([spec]));
        var sheet = Sheet(document, "考核台账");

        Assert.Empty(sheet.Descendants<CellFormula>());
        var text = Cell(sheet, "B4");
        Assert.Equal(CellValues.SharedString, text.DataType!.Value);
        Assert.Equal("'=HYPERLINK(\"http://x\")", Text(document, text));
        Assert.Equal("12", Text(document, Cell(sheet, "C4"))); // text in a number column stays text
    }

    [Fact]
    public void Booleans_are_written_as_yes_or_no()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger([new([null, true, null, false])])]));
        var sheet = Sheet(document, "考核台账");

        Assert.Equal("是", Text(document, Cell(sheet, "B4")));
        Assert.Equal("否", Text(document, Cell(sheet, "D4")));
    }

    [Fact]
    public void Control_characters_are_dropped_from_text()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger([new([null, "甲\u0001乙\u0008丙\t丁\uFFFF\uD800戊"])])]));

        Assert.Equal("甲乙丙\t丁戊", Text(document, Cell(Sheet(document, "考核台账"), "B4")));
    }

    [Fact]
    public void Values_excel_cannot_hold_as_numbers_are_written_as_text()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger([new([double.NaN, null, double.PositiveInfinity, null, new DateOnly(1899, 12, 31)])])]));
        var sheet = Sheet(document, "考核台账");

        Assert.Equal("NaN", Text(document, Cell(sheet, "A4")));
        Assert.Equal("Infinity", Text(document, Cell(sheet, "C4")));
        Assert.Equal("1899-12-31", Text(document, Cell(sheet, "E4")));
    }

    [Fact]
    public void Text_longer_than_a_cell_holds_is_cut_to_excels_limit()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger([new([null, new string('长', 40_000)])])]));

        Assert.Equal(32_767, Text(document, Cell(Sheet(document, "考核台账"), "B4"))!.Length);
    }

    [Fact]
    public void Choices_become_a_drop_down_over_the_data_and_the_extra_rows_with_a_chinese_message()
    {
        using var document = Open(LedgerBytes);
        var validations = Sheet(document, "考核台账").Descendants<DataValidation>().ToList();

        var list = validations.Single(v => v.Type!.Value == DataValidationValues.List);
        Assert.Equal("\"达标,部分达标,未达标\"", list.Formula1!.Text);
        Assert.Equal("D4:D206", list.SequenceOfReferences!.InnerText); // 3 data rows + 200
        Assert.True(list.ShowErrorMessage!.Value);
        Assert.Contains("状态", list.Error!.Value);
        Assert.Contains("部分达标", list.Error.Value);
    }

    [Fact]
    public void Min_and_max_become_a_decimal_validation_naming_the_column()
    {
        using var document = Open(LedgerBytes);

        var range = Sheet(document, "考核台账").Descendants<DataValidation>().Single(v => v.Type!.Value == DataValidationValues.Decimal);

        Assert.Equal(DataValidationOperatorValues.Between, range.Operator!.Value);
        Assert.Equal("0", range.Formula1!.Text);
        Assert.Equal("10", range.Formula2!.Text);
        Assert.Equal("C4:C206", range.SequenceOfReferences!.InnerText);
        Assert.Equal("「得分」须为 0 到 10 之间的数字", range.Error!.Value);
    }

    [Fact]
    public void Only_a_minimum_means_at_least()
    {
        var spec = new SheetSpec("表", [new("人数", 8, CellKind.Integer) { Min = 1 }], []) { ExtraValidatedRows = 10 };
        using var document = Open(XlsxWriter.ToBytes([spec]));

        var range = Sheet(document, "表").Descendants<DataValidation>().Single();

        Assert.Equal(DataValidationValues.Whole, range.Type!.Value);
        Assert.Equal(DataValidationOperatorValues.GreaterThanOrEqual, range.Operator!.Value);
        Assert.Equal("1", range.Formula1!.Text);
        Assert.Null(range.Formula2);
        Assert.Equal("A2:A11", range.SequenceOfReferences!.InnerText);
    }

    [Fact]
    public void Long_choice_lists_go_to_a_hidden_sheet()
    {
        var choices = Enumerable.Range(1, 60).Select(i => $"第{i}党支部").ToList();
        var spec = new SheetSpec("表", [new("支部", 12) { Choices = choices }, new("备注", 10) { Choices = ["甲,乙", "丙"] }], []);
        using var document = Open(XlsxWriter.ToBytes([spec]));

        var formulas = Sheet(document, "表").Descendants<DataValidation>().Select(v => v.Formula1!.Text).ToList();
        Assert.Equal(["'_lists'!$A$1:$A$60", "'_lists'!$B$1:$B$2"], formulas);
        var hidden = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "_lists");
        Assert.Equal(SheetStateValues.Hidden, hidden.State!.Value);
        var lists = Sheet(document, "_lists");
        Assert.Equal("第60党支部", Text(document, Cell(lists, "A60")));
        Assert.Equal("甲,乙", Text(document, Cell(lists, "B1")));
    }

    [Fact]
    public void A_short_list_with_a_quote_stays_inline_with_the_quote_doubled()
    {
        var spec = new SheetSpec("表", [new("等级", 12) { Choices = ["A\"", "B"] }], []);
        using var document = Open(XlsxWriter.ToBytes([spec]));

        Assert.Equal("\"A\"\",B\"", Sheet(document, "表").Descendants<DataValidation>().Single().Formula1!.Text);
    }

    [Fact]
    public void The_header_rows_repeat_on_every_printed_page()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger(), Ledger() with { Name = "导入", ShowKeys = true, Title = null }]));

        var titles = document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Where(d => d.Name == "_xlnm.Print_Titles")
            .Select(d => (d.LocalSheetId!.Value, d.Text)).ToList();

        Assert.Equal([(0u, "'考核台账'!$3:$3"), (1u, "'导入'!$2:$3")], titles);
    }

    [Fact]
    public void The_page_is_a4_fitted_to_one_page_wide_and_centred()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger(), Ledger() with { Name = "竖版", Landscape = false }]));

        var landscape = Sheet(document, "考核台账");
        var setup = landscape.Descendants<PageSetup>().Single();
        Assert.Equal(9u, setup.PaperSize!.Value);
        Assert.Equal(OrientationValues.Landscape, setup.Orientation!.Value);
        Assert.Equal(1u, setup.FitToWidth!.Value);
        Assert.Equal(0u, setup.FitToHeight!.Value);
        Assert.True(landscape.Descendants<PageSetupProperties>().Single().FitToPage!.Value);
        Assert.True(landscape.Descendants<PrintOptions>().Single().HorizontalCentered!.Value);
        Assert.Equal(OrientationValues.Portrait, Sheet(document, "竖版").Descendants<PageSetup>().Single().Orientation!.Value);
    }

    [Fact]
    public void Keys_are_a_second_small_grey_header_row_and_the_pane_freezes_below_it()
    {
        using var document = Open(XlsxWriter.ToBytes([Ledger() with { ShowKeys = true }]));
        var sheet = Sheet(document, "考核台账");

        var key = Cell(sheet, "C4");
        Assert.Equal("score", Text(document, key));
        Assert.Equal(9, Font(document, key).FontSize!.Val!.Value);
        Assert.Equal("A5", sheet.Descendants<Pane>().Single().TopLeftCell!.Value);
        Assert.Equal("C5:C207", sheet.Descendants<DataValidation>().Single(v => v.Type!.Value == DataValidationValues.Decimal).SequenceOfReferences!.InnerText);
        Assert.Empty(sheet.Descendants<AutoFilter>()); // a filter would sort the key row in with the data
    }

    [Fact]
    public void The_header_row_gets_an_autofilter_over_the_data()
    {
        using var document = Open(LedgerBytes);

        Assert.Equal("A3:F6", Sheet(document, "考核台账").Descendants<AutoFilter>().Single().Reference!.Value);
    }

    [Fact]
    public void Rows_are_enumerated_once()
    {
        var enumerations = 0;
        IEnumerable<SheetRow> Rows()
        {
            enumerations++;
            yield return new SheetRow(["甲"]);
        }

        XlsxWriter.ToBytes([new SheetSpec("表", [new("列", 10)], Rows())]);

        Assert.Equal(1, enumerations);
    }

    [Fact]
    public void Write_leaves_the_stream_open_and_works_on_a_forward_only_stream()
    {
        var target = new ForwardOnlyStream();

        XlsxWriter.Write(target, [Ledger()]);

        using var document = Open(target.Written.ToArray());
        Assert.Equal("领导班子建设", Text(document, Cell(Sheet(document, "考核台账"), "B4")));
    }

    [Fact]
    public async Task WriteAsync_copies_the_workbook_to_a_forward_only_stream()
    {
        var target = new ForwardOnlyStream();

        await XlsxWriter.WriteAsync(target, [Ledger()]);

        using var document = Open(target.Written.ToArray());
        Assert.Equal("领导班子建设", Text(document, Cell(Sheet(document, "考核台账"), "B4")));
    }

    [Fact]
    public void Write_leaves_a_memory_stream_open()
    {
        using var target = new MemoryStream();

        XlsxWriter.Write(target, [Ledger()]);

        Assert.True(target.CanRead);
        Assert.True(target.Length > 1000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二")] // 32 characters
    [InlineData("考核[2024]")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a?")]
    [InlineData("a*")]
    [InlineData("a:b")]
    [InlineData("'引号'")]
    public void A_bad_sheet_name_is_refused_naming_it(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => XlsxWriter.ToBytes([new SheetSpec(name, [new("列", 10)], [])]));

        Assert.Contains($"\"{name}\"", e.Message);
    }

    [Fact]
    public void Two_sheets_with_one_name_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            XlsxWriter.ToBytes([new SheetSpec("Sheet", [new("列", 10)], []), new SheetSpec("SHEET", [new("列", 10)], [])]));

        Assert.Contains("\"SHEET\"", e.Message);
    }

    [Fact]
    public void A_row_of_wrapped_text_stores_an_estimated_height_that_excel_may_refit()
    {
        var columns = new SheetColumn[] { new("问题", 12, Wrap: true), new("编号", 6), new("说明", 30, Wrap: true) };
        var rows = new SheetRow[]
        {
            new(["短", "A1", "短"]),
            new([new string('整', 20), "A2", "一行"]),                         // 46 units in 11 usable: five lines
            new(["短", new string('长', 40), "第一段\n第二段\n第三段"]),         // an unwrapped column never counts
        };

        using var document = Open(XlsxWriter.ToBytes([new SheetSpec("表", columns, rows) { Title = new string('题', 30) }]));
        var sheetRows = Sheet(document, "表").Descendants<Row>().ToDictionary(r => r.RowIndex!.Value);

        Assert.Null(sheetRows[3].Height);
        Assert.Equal(WrappedText.Height(5), sheetRows[4].Height!.Value);
        Assert.Equal(WrappedText.Height(3), sheetRows[5].Height!.Value);
        // An estimate, not a height set by hand: Excel and WPS fit the row to its text on opening.
        Assert.All(sheetRows.Values.Where(r => r.RowIndex!.Value > 1), r => Assert.Null(r.CustomHeight));
        // The 16 pt title is wider than the 48 columns' units it is merged across: it takes two lines.
        Assert.True(sheetRows[1].Height!.Value >= WrappedText.Height(2, 16), $"title row {sheetRows[1].Height!.Value} pt");
        Assert.True(sheetRows[1].CustomHeight!.Value);
    }

    [Theory]
    [InlineData("", 10.5, 1)]
    [InlineData("abcdefghi", 10.5, 1)]
    [InlineData("abcdefghij", 10.5, 2)]
    [InlineData("党校党校", 10.5, 1)]
    [InlineData("党校党校党", 10.5, 2)]
    [InlineData("甲\n乙", 10.5, 2)]
    public void Lines_count_a_chinese_character_as_more_than_two_narrow_ones(string text, double width, int lines) =>
        Assert.Equal(lines, WrappedText.Lines(text, width));

    [Fact]
    public void A_31_character_name_is_accepted()
    {
        var name = new string('表', 31);

        using var document = Open(XlsxWriter.ToBytes([new SheetSpec(name, [new("列", 10)], [])]));

        Assert.Equal(name, document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
    }

    [Fact]
    public void A_row_with_more_values_than_columns_is_refused()
    {
        Assert.Throws<ArgumentException>(() => XlsxWriter.ToBytes([new SheetSpec("表", [new("列", 10)], [new(["a", "b"])])]));
    }

    /// <summary>Like an HTTP response body: write only, no seeking.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }
}
