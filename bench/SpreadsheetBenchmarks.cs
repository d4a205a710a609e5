using BenchmarkDotNet.Attributes;
using SchoolAssessment.Features.Documents.Spreadsheets;

namespace SchoolAssessment.Bench;

/// <summary>
/// The spreadsheet export a school office downloads: 1,000 rows × 17 columns of text, numbers and dates, with
/// drop-downs, range checks and highlighted lines; and reading that file back.
/// </summary>
[MemoryDiagnoser]
public class SpreadsheetBenchmarks
{
    private static readonly string[] Statuses = ["达标", "部分达标", "未达标"];

    private static readonly SheetColumn[] Columns =
    [
        new("序号", 6, CellKind.Integer), new("指标", 30, Wrap: true), new("得分", 8, CellKind.Number) { Min = 0, Max = 20 },
        new("状态", 10) { Choices = Statuses }, new("截止", 12, CellKind.Date), new("说明", 20, Wrap: true),
        new("系数", 8, CellKind.Number) { NumberFormat = "0.0" }, new("完成", 6), new("负责人", 10), new("经费", 10, CellKind.Integer),
        new("项目", 10), new("周次", 6, CellKind.Integer) { Min = 0, Max = 52 }, new("时间", 16, CellKind.Date) { NumberFormat = "yyyy-mm-dd hh:mm" },
        new("公式文本", 12), new("差额", 8, CellKind.Number), new("备注", 12), new("比例", 8, CellKind.Number),
    ];

    private SheetRow[] _rows = [];
    private byte[] _file = [];

    [Params(1000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateOnly(2024, 1, 1);
        _rows = Enumerable.Range(1, Rows).Select(i => new SheetRow(
        [
            i, $"指标 {i}:教学科研与干部培训工作", i % 11 + 0.25m, Statuses[i % 3], start.AddDays(i % 365),
            $"说明 {i}", i * 1.5, i % 4 == 0, "负责人" + i, (long)i * 1000, $"第{i}项", i % 7,
            new DateTime(2024, 6, 1).AddHours(i), "=SUM(A1)", -i, i % 2 == 0 ? null : "备注", 0.1 * i,
        ], i % 10 == 0 ? RowStyle.Highlight : i % 25 == 0 ? RowStyle.Bold : RowStyle.Normal)).ToArray();
        _file = Write();
    }

    [Benchmark]
    public byte[] Write() => XlsxWriter.ToBytes([new SheetSpec("明细", Columns, _rows) { Title = "考核明细", Subtitle = "某某市委党校" }]);

    [Benchmark]
    public int Read() => XlsxReader.Read(new MemoryStream(_file))[0].Rows.Count;
}
