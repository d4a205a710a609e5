using SchoolAssessment.Features.Evidence;
using static SchoolAssessment.Tests.Features.Evidence.EvidenceSamples;

namespace SchoolAssessment.Tests.Features.Evidence;

public class EvidenceFileInspectorTests
{
    private const string Unsupported = "不支持的文件类型";
    private const string Mismatch = "文件内容与扩展名不符";
    private const string PathRefused = "文件名不能包含路径";

    private static readonly EvidenceFileInspector Inspector = new();

    private static byte[] Sample(string sample) => sample switch
    {
        "pdf" => Pdf(),
        "png" => Png(),
        "jpeg" => Jpeg(),
        "docx" => Docx(),
        "xlsx" => Xlsx(),
        "elf" => Elf(),
        "exe" => WindowsExe(),
        "text" => "just some words"u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };

    private static Task<EvidenceCheck> Check(string name, byte[] content, EvidenceFileInspector? inspector = null) =>
        (inspector ?? Inspector).CheckAsync(name, new MemoryStream(content));

    [Theory]
    [InlineData("评估报告.pdf", "pdf", EvidenceFileKind.Pdf)]
    [InlineData("校园.png", "png", EvidenceFileKind.Png)]
    [InlineData("photo.jpg", "jpeg", EvidenceFileKind.Jpeg)]
    [InlineData("photo.JPEG", "jpeg", EvidenceFileKind.Jpeg)]
    [InlineData("Report.PDF", "pdf", EvidenceFileKind.Pdf)]
    [InlineData("自评报告.docx", "docx", EvidenceFileKind.Word)]
    [InlineData("教师花名册.xlsx", "xlsx", EvidenceFileKind.Excel)]
    public async Task A_file_is_known_by_its_content_and_accepted_when_its_extension_fits(string name, string sample, EvidenceFileKind kind)
    {
        var check = await Check(name, Sample(sample));

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(kind, check.Kind);
        Assert.Null(check.Error);
    }

    [Theory]
    [InlineData("report.pdf", "png")]
    [InlineData("photo.png", "pdf")]
    [InlineData("photo.png", "jpeg")]
    [InlineData("photo.jpg", "png")]
    [InlineData("名册.xlsx", "docx")]
    [InlineData("报告.docx", "xlsx")]
    [InlineData("报告.doc", "docx")]
    [InlineData("report.pdf", "docx")]
    public async Task Content_of_one_kind_under_another_kinds_extension_is_refused(string name, string sample)
    {
        var check = await Check(name, Sample(sample));

        Assert.False(check.IsValid);
        Assert.Null(check.Kind);
        Assert.Equal(Mismatch, check.Error);
    }

    [Theory]
    [InlineData("report.pdf", "elf")]
    [InlineData("report.pdf", "exe")]
    [InlineData("report.docx", "exe")]
    [InlineData("report.pdf", "text")]
    [InlineData("report.exe", "pdf")]
    [InlineData("report.txt", "pdf")]
    [InlineData("report", "pdf")]
    [InlineData("report.pdf.exe", "pdf")]
    public async Task Unknown_content_or_an_extension_outside_the_list_is_refused(string name, string sample)
    {
        var check = await Check(name, Sample(sample));

        Assert.False(check.IsValid);
        Assert.StartsWith(Unsupported, check.Error);
    }

    [Theory]
    [InlineData("archive.docx", new[] { "a.txt", "b/c.txt" })]
    [InlineData("archive.docx", new[] { "word/document.xml" })]
    [InlineData("archive.xlsx", new[] { "[Content_Types].xml", "xl/styles.xml" })]
    [InlineData("archive.docx", new[] { "[Content_Types].xml", "word/document.xml", "xl/workbook.xml" })]
    public async Task A_zip_that_is_not_exactly_one_office_document_is_refused(string name, string[] entries)
    {
        var check = await Check(name, Zip(entries));

        Assert.StartsWith(Unsupported, check.Error);
    }

    [Fact]
    public async Task Office_part_names_match_whatever_their_case()
    {
        Assert.Equal(EvidenceFileKind.Word, (await Check("a.docx", Zip("[content_types].xml", "Word/Document.xml"))).Kind);
    }

    [Fact]
    public async Task A_broken_zip_is_refused_as_damaged()
    {
        var docx = Docx();

        Assert.Equal("文件已损坏或不完整，无法识别其类型", (await Check("a.docx", docx[..(docx.Length - 30)])).Error);
        Assert.Equal("文件已损坏或不完整，无法识别其类型", (await Check("a.docx", [.. "PK\x03\x04"u8, .. new byte[100]])).Error);
    }

    [Fact]
    public async Task A_zip_bomb_is_identified_from_its_central_directory_without_reading_the_compressed_part()
    {
        var (bomb, bombBytes) = ZipBomb(64 * 1024 * 1024);
        var stream = new CountingStream(bomb);

        var check = await Inspector.CheckAsync("bomb.docx", stream);

        Assert.Equal(EvidenceFileKind.Word, check.Kind);
        Assert.True(bombBytes > 10_000, $"the bomb is only {bombBytes} bytes");
        Assert.True(stream.BytesRead < bombBytes, $"read {stream.BytesRead} bytes of a file whose compressed part alone is {bombBytes}");
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", PathRefused)]
    [InlineData("/etc/passwd.pdf", PathRefused)]
    [InlineData("evidence/report.pdf", PathRefused)]
    [InlineData("..\\report.pdf", PathRefused)]
    [InlineData("C:\\temp\\report.pdf", PathRefused)]
    [InlineData("report.pdf:hidden", PathRefused)]
    [InlineData("report..pdf", PathRefused)]
    [InlineData("", "文件名不能为空")]
    [InlineData("   ", "文件名不能为空")]
    [InlineData("report\0.pdf", "文件名不能包含控制字符")]
    [InlineData("report\n.pdf", "文件名不能包含控制字符")]
    [InlineData("report\u007f.pdf", "文件名不能包含控制字符")]
    [InlineData("invoice\u202Efdp.exe.pdf", "文件名不能包含控制字符")]
    public async Task A_name_that_is_not_a_plain_file_name_is_refused_before_the_content_is_read(string name, string error)
    {
        var check = await Check(name, Pdf());

        Assert.Equal(error, check.Error);
        Assert.Equal(error, EvidenceFileInspector.NameError(name));
    }

    [Fact]
    public async Task A_name_may_have_200_characters_but_not_201()
    {
        var longest = new string('报', 196) + ".pdf";

        Assert.True((await Check(longest, Pdf())).IsValid);
        Assert.Equal("文件名不能超过 200 个字符", (await Check("报" + longest, Pdf())).Error);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        Assert.Equal("文件为空", (await Check("report.pdf", [])).Error);
    }

    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused_naming_the_limit_in_megabytes()
    {
        var inspector = new EvidenceFileInspector(maxBytes: 2 * 1024 * 1024);
        var atLimit = new byte[2 * 1024 * 1024];
        Pdf().CopyTo(atLimit, 0);
        byte[] overLimit = [.. atLimit, 0];

        Assert.True((await Check("report.pdf", atLimit, inspector)).IsValid);
        Assert.Equal("文件大小超过 2 MB 的上限", (await Check("report.pdf", overLimit, inspector)).Error);
    }

    [Fact]
    public void The_default_limit_is_20_megabytes_and_a_limit_must_be_positive()
    {
        Assert.Equal(20 * 1024 * 1024, new EvidenceFileInspector().MaxBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvidenceFileInspector(0));
    }

    [Fact]
    public async Task The_content_is_read_from_its_start_and_left_there_for_the_store()
    {
        var stream = new MemoryStream(Docx());
        stream.Seek(0, SeekOrigin.End);

        var check = await Inspector.CheckAsync("a.docx", stream);

        Assert.Equal(EvidenceFileKind.Word, check.Kind);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_a_programming_error()
    {
        var stream = new CountingStream(Pdf(), canSeek: false);

        await Assert.ThrowsAsync<ArgumentException>(() => Inspector.CheckAsync("a.pdf", stream));
    }

    [Fact]
    public void Each_kind_has_its_download_content_type_and_extensions()
    {
        Assert.Equal("application/pdf", EvidenceFileKind.Pdf.ContentType());
        Assert.Equal("image/jpeg", EvidenceFileKind.Jpeg.ContentType());
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", EvidenceFileKind.Word.ContentType());
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", EvidenceFileKind.Excel.ContentType());
        Assert.Equal("application/msword", EvidenceFileKind.LegacyWord.ContentType());
        Assert.Equal("application/vnd.ms-excel", EvidenceFileKind.LegacyExcel.ContentType());
        Assert.Equal([".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".doc", ".xls"], EvidenceFileKinds.AllExtensions);
        Assert.All(Enum.GetValues<EvidenceFileKind>(), k => Assert.NotEmpty(k.ContentType()));
    }
}
