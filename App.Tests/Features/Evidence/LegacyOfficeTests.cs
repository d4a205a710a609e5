using SchoolAssessment.Features.Evidence;
using static SchoolAssessment.Tests.Features.Evidence.CfbNode;
using static SchoolAssessment.Tests.Features.Evidence.CompoundFiles;

namespace SchoolAssessment.Tests.Features.Evidence;

/// <summary>.doc and .xls: OLE2 compound files told apart by the streams at their root, read from hand-made files.</summary>
public class LegacyOfficeTests
{
    private const string Damaged = "文件已损坏或不完整，无法识别其类型";
    private const string Mismatch = "文件内容与扩展名不符";

    private static readonly EvidenceFileInspector Inspector = new();

    private static Task<EvidenceCheck> Check(string name, byte[] content) => Inspector.CheckAsync(name, new MemoryStream(content));

    /// <summary>A reader that followed a loop would never return; on a memory stream it would not even yield, hence Task.Run.</summary>
    private static Task<EvidenceCheck> CheckPromptly(string name, byte[] content) =>
        Task.Run(() => Check(name, content)).WaitAsync(TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public async Task A_compound_file_with_a_WordDocument_stream_is_a_legacy_Word_file(int sectorSize)
    {
        var check = await Check("旧报告.doc", Word(sectorSize));

        Assert.Equal(EvidenceFileKind.LegacyWord, check.Kind);
        Assert.Equal(Mismatch, (await Check("旧报告.xls", Word(sectorSize))).Error);
    }

    [Theory]
    [InlineData(512, "Workbook")]
    [InlineData(4096, "Workbook")]
    [InlineData(512, "Book")]
    public async Task A_compound_file_with_a_Workbook_or_Book_stream_is_a_legacy_Excel_file(int sectorSize, string stream)
    {
        var check = await Check("旧名册.XLS", Excel(sectorSize, stream));

        Assert.Equal(EvidenceFileKind.LegacyExcel, check.Kind);
        Assert.Equal(Mismatch, (await Check("旧名册.doc", Excel(sectorSize, stream))).Error);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public async Task A_directory_over_several_sectors_is_followed_through_the_FAT(int sectorSize)
    {
        // 40 entries take 10 sectors of 512 bytes or 2 of 4096; the Workbook stream sorts last.
        var streams = Enumerable.Range(0, 39).Select(i => Stream($"S{i:00}")).Append(Stream("Workbook")).ToArray();

        Assert.Equal(EvidenceFileKind.LegacyExcel, (await Check("a.xls", Build(sectorSize, streams))).Kind);
    }

    [Fact]
    public async Task A_FAT_longer_than_the_header_lists_is_found_through_the_DIFAT()
    {
        // With 14,000 free sectors first, the directory's FAT entries are in the 110th FAT sector,
        // which only the DIFAT sector names.
        var file = Build(512, gap: 14_000, Stream("WordDocument"));
        Assert.True(FirstDirectorySector(file) / 128 >= 109);

        Assert.Equal(EvidenceFileKind.LegacyWord, (await Check("a.doc", file)).Kind);
    }

    [Fact]
    public async Task Only_the_root_counts_so_an_xls_with_an_embedded_Word_object_is_Excel()
    {
        var file = Build(512, Stream("Workbook"), Storage("MBD00000001", Stream("WordDocument"), Stream("1Table")));

        Assert.Equal(EvidenceFileKind.LegacyExcel, (await Check("a.xls", file)).Kind);
        Assert.Equal(Mismatch, (await Check("a.doc", file)).Error);
    }

    [Fact]
    public async Task A_compound_file_of_another_application_or_of_both_is_refused()
    {
        Assert.StartsWith("不支持的文件类型", (await Check("slides.doc", Build(512, Stream("PowerPoint Document")))).Error);
        Assert.StartsWith("不支持的文件类型", (await Check("both.doc", Build(512, Stream("WordDocument"), Stream("Workbook")))).Error);
    }

    [Fact]
    public async Task A_password_protected_docx_which_is_a_compound_file_is_refused_with_a_reason()
    {
        var file = Build(512, Stream("EncryptionInfo"), Stream("EncryptedPackage"));

        Assert.Equal("文件设有打开密码，请取消密码后上传", (await Check("a.docx", file)).Error);
    }

    [Fact]
    public async Task A_directory_chain_that_loops_is_refused_not_followed()
    {
        var file = Word();
        var directory = FirstDirectorySector(file);
        SetFatEntry(file, directory, directory);

        Assert.Equal(Damaged, (await CheckPromptly("a.doc", file)).Error);
    }

    [Fact]
    public async Task A_directory_tree_that_loops_is_refused()
    {
        var file = Word();
        SetEntryField(file, 1, RightSibling, 1);

        Assert.Equal(Damaged, (await CheckPromptly("a.doc", file)).Error);
    }

    [Theory]
    [InlineData(48, 0x00FF_FFFFu)] // first directory sector past the end
    [InlineData(48, EndOfChain)] // no directory
    [InlineData(44, 0u)] // no FAT
    [InlineData(44, 0x7FFF_FFFFu)] // more FAT sectors than the file has sectors
    [InlineData(76, 0x00FF_FFFFu)] // the FAT sector past the end
    public async Task A_header_pointing_outside_the_file_is_refused(int offset, uint value)
    {
        var file = Word();
        BitConverter.GetBytes(value).CopyTo(file, offset);

        Assert.Equal(Damaged, (await Check("a.doc", file)).Error);
    }

    [Theory]
    [InlineData(26, 3, 30, 12)] // version 3 with 4096-byte sectors
    [InlineData(26, 4, 30, 9)] // version 4 with 512-byte sectors
    [InlineData(28, 0xFEFF, 28, 0xFEFF)] // big-endian byte order mark
    public async Task A_header_with_an_impossible_sector_size_or_byte_order_is_refused(int offset1, ushort value1, int offset2, ushort value2)
    {
        var file = Word();
        BitConverter.GetBytes(value1).CopyTo(file, offset1);
        BitConverter.GetBytes(value2).CopyTo(file, offset2);

        Assert.Equal(Damaged, (await Check("a.doc", file)).Error);
    }

    [Fact]
    public async Task A_file_cut_short_inside_its_directory_is_refused()
    {
        var file = Word();
        var cut = (int)(FirstDirectorySector(file) + 1) * 512 + 100;

        Assert.Equal(Damaged, (await Check("a.doc", file[..cut])).Error);
        Assert.Equal(Damaged, (await Check("a.doc", file[..300])).Error);
    }

    [Fact]
    public async Task Only_the_directory_is_read_not_the_streams()
    {
        var file = Build(512, Stream("WordDocument"), Stream("1Table"), Stream("Data"), Stream("Macros"));
        var stream = new CountingStream(file);

        Assert.Equal(EvidenceFileKind.LegacyWord, (await Inspector.CheckAsync("a.doc", stream)).Kind);
        // Header, a FAT entry and a directory sector's entries: far less than the four 4096-byte streams.
        Assert.True(stream.BytesRead < 2048, $"read {stream.BytesRead} of {file.Length} bytes");
    }
}
