using System.Globalization;
using System.IO.Compression;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>A cell read back: its 1-based row and column as Excel shows them, and its value (string, decimal, DateTime, bool or null).</summary>
public sealed record SheetCell(int Row, int Column, object? Value)
{
    public string Reference => XlsxReader.Reference(Row, Column);
}

/// <summary>
/// One sheet read back. <see cref="Rows"/> holds the non-empty rows only, each with its non-empty cells in column
/// order; <see cref="SheetCell.Row"/> and <see cref="SheetCell.Column"/> keep Excel's numbering, so messages can
/// say "第5行 C列".
/// </summary>
public sealed record SheetData(string Name, IReadOnlyList<IReadOnlyList<SheetCell>> Rows)
{
    /// <summary>Hidden or very hidden in Excel, such as the writer's sheet of long drop-down lists.</summary>
    public bool Hidden { get; init; }
}

/// <summary>Reads .xlsx (and legacy .xls) workbooks with ExcelDataReader into plain values.</summary>
public static class XlsxReader
{
    private const string NotAWorkbook = "文件不是有效的 Excel 工作簿(.xlsx):";

    /// <summary>Bounds checked before and while reading, so a small file cannot unpack into gigabytes or millions of rows.</summary>
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;

    public const int MaxRows = 20_000;

    /// <summary>Excel's own limit for the text of a cell.</summary>
    public const int MaxCellLength = 32_767;

    /// <summary>At most this many errors are listed; the rest are counted.</summary>
    public const int MaxErrors = 100;

    /// <summary>The first <see cref="MaxErrors"/> errors, and a line counting the others.</summary>
    public static IReadOnlyList<string> FirstErrors(IReadOnlyList<string> errors) => errors.Count <= MaxErrors
        ? errors
        : [.. errors.Take(MaxErrors), $"……另有 {errors.Count - MaxErrors} 处错误"];

    // .xls files name their text encoding by code page, which .NET provides only once this provider is registered.
    private static readonly Lazy<bool> CodePages = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>All sheets of the workbook, hidden ones included (marked <see cref="SheetData.Hidden"/>).</summary>
    /// <exception cref="SpreadsheetFormatException">The input is not a readable workbook.</exception>
    public static IReadOnlyList<SheetData> Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = CodePages.Value;

        // ExcelDataReader seeks to sniff the format and to reach the zip directory.
        using var seekable = input.CanSeek ? null : new MemoryStream();
        if (seekable is not null)
        {
            input.CopyTo(seekable);
            seekable.Position = 0;
        }

        var source = seekable ?? input;
        if (source.Length - source.Position == 0) throw new SpreadsheetFormatException(NotAWorkbook + "文件是空的。");

        CheckUnpackedSize(source);
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(source, new ExcelReaderConfiguration { LeaveOpen = true });
            // Any zip opens (a .docx too, or a workbook whose parts are damaged); one without sheets is not a workbook.
            if (reader.ResultsCount == 0) throw new SpreadsheetFormatException(NotAWorkbook + "文件中没有可读取的工作表。");
            var sheets = new List<SheetData>();
            do
            {
                sheets.Add(ReadSheet(reader));
            }
            while (reader.NextResult());

            return sheets;
        }
        catch (SpreadsheetFormatException)
        {
            throw;
        }
        catch (InvalidPasswordException e)
        {
            throw new SpreadsheetFormatException(NotAWorkbook + "文件设有密码,请取消密码后重新上传。", e);
        }
        catch (HeaderException e)
        {
            throw new SpreadsheetFormatException(NotAWorkbook + "无法识别的文件格式,请用 Excel 另存为 .xlsx 后重新上传。", e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // A damaged file can fail anywhere inside the zip, XML or BIFF layers; all of it means the same to the user.
            throw new SpreadsheetFormatException(NotAWorkbook + "文件已损坏或不完整，请重新保存后上传。", e);
        }
    }

    /// <summary>
    /// An .xlsx is a zip: the sizes its directory declares are read before anything is unpacked, and a workbook that
    /// would unpack beyond <see cref="MaxUnpackedBytes"/> is refused (a 300 KB file can hold a 300 MB shared string).
    /// </summary>
    private static void CheckUnpackedSize(Stream source)
    {
        var start = source.Position;
        Span<byte> head = stackalloc byte[2];
        var isZip = source.Read(head) == 2 && head[0] == (byte)'P' && head[1] == (byte)'K';
        source.Position = start;
        if (!isZip) return;
        long total;
        try
        {
            using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
            total = zip.Entries.Sum(e => e.Length);
        }
        catch (InvalidDataException e)
        {
            throw new SpreadsheetFormatException(NotAWorkbook + "文件已损坏或不完整，请重新保存后上传。", e);
        }
        finally
        {
            source.Position = start;
        }

        if (total > MaxUnpackedBytes)
            throw new SpreadsheetFormatException($"工作簿解压后超过 {MaxUnpackedBytes / 1024 / 1024} MB，请删去多余的内容后重新上传。");
    }

    private static SheetData ReadSheet(IExcelDataReader reader)
    {
        var rows = new List<IReadOnlyList<SheetCell>>();
        var row = 0;
        while (reader.Read())
        {
            row++; // ExcelDataReader yields the blank rows between data rows too, so counting gives Excel's number
            if (row > MaxRows)
                throw new SpreadsheetFormatException($"工作表“{reader.Name}”超过 {MaxRows} 行，请删去多余的行后重新上传。");
            List<SheetCell>? cells = null;
            for (var c = 0; c < reader.FieldCount; c++)
            {
                if (reader.GetValue(c) is string { Length: > MaxCellLength })
                    throw new SpreadsheetFormatException($"工作表“{reader.Name}”第{row}行 {ColumnLetters(Math.Min(c + 1, XlsxWriter.MaxColumns))}列的内容超过 {MaxCellLength} 个字符。");
                if (Convert(reader.GetValue(c)) is not { } value) continue;
                (cells ??= []).Add(new SheetCell(row, c + 1, value));
            }

            if (cells is not null) rows.Add(cells);
        }

        var hidden = !string.Equals(reader.VisibleState, "visible", StringComparison.OrdinalIgnoreCase)
                     && !string.IsNullOrEmpty(reader.VisibleState);
        return new SheetData(reader.Name, rows) { Hidden = hidden };
    }

    /// <summary>A raw ExcelDataReader value as the API promises it: string, decimal, DateTime, bool or null.</summary>
    internal static object? Convert(object? raw) => raw switch
    {
        null or DBNull => null,
        string s => SpreadsheetText.Restore(s).Trim() is { Length: > 0 } text ? text : null,
        double d => ToDecimal(d),
        float f => ToDecimal(f),
        decimal m => m,
        int or long or short or byte or sbyte or ushort or uint or ulong => System.Convert.ToDecimal(raw, CultureInfo.InvariantCulture),
        DateTime t => t,
        bool b => b,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture), // a time-only cell; no promised type fits better
        _ => System.Convert.ToString(raw, CultureInfo.InvariantCulture) is { Length: > 0 } other ? other.Trim() : null,
    };

    /// <summary>
    /// A double as the decimal Excel shows: the conversion keeps 15 significant digits, Excel's own precision, so
    /// 12.5 stays 12.5 and 0.1+0.2 reads as 0.3.
    /// </summary>
    internal static object? ToDecimal(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return null;
        if (Math.Abs(value) >= 7.9e28) return value.ToString("R", CultureInfo.InvariantCulture); // beyond decimal; left as text
        return (decimal)value;
    }

    /// <summary>1 → "A", 26 → "Z", 27 → "AA".</summary>
    public static string ColumnLetters(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(column, XlsxWriter.MaxColumns);
        Span<char> letters = stackalloc char[3];
        var i = letters.Length;
        for (var n = column; n > 0; n = (n - 1) / 26) letters[--i] = (char)('A' + (n - 1) % 26);
        return new string(letters[i..]);
    }

    /// <summary>(5, 3) → "C5".</summary>
    public static string Reference(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        return ColumnLetters(column) + row.ToString(CultureInfo.InvariantCulture);
    }
}
