using SchoolAssessment.Features.Evidence;

namespace SchoolAssessment.Tests.Features.Evidence;

/// <summary>Damaged Office files, made by overwriting a few bytes where the structure lives: a verdict every time, never an exception.</summary>
public class DamagedFileTests
{
    public static TheoryData<string, EvidenceFileKind> Formats => new()
    {
        { "docx", EvidenceFileKind.Word },
        { "doc", EvidenceFileKind.LegacyWord },
        { "xls", EvidenceFileKind.LegacyExcel },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_damaged_file_is_refused_or_still_recognised_but_never_throws(string extension, EvidenceFileKind kind)
    {
        var (original, from, to) = extension switch
        {
            // A ZIP's structure is at its end (central directory); a compound file's at its start (header, FAT, directory).
            "docx" => (EvidenceSamples.Docx(), -350, 0),
            "doc" => (CompoundFiles.Word(512), 8, 1200),
            _ => (CompoundFiles.Build(4096, [.. Enumerable.Range(0, 39).Select(i => CfbNode.Stream($"S{i:00}")), CfbNode.Stream("Workbook")]), 8, 12_500),
        };
        var inspector = new EvidenceFileInspector();
        var random = new Random(20250101);
        var verdicts = new HashSet<string>();

        for (var n = 0; n < 1500; n++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = random.Next(1, 6); k > 0; k--)
            {
                var at = from < 0 ? random.Next(bytes.Length + from, bytes.Length) : random.Next(from, to);
                bytes[at] = random.Next(3) switch { 0 => 0xFF, 1 => 0, _ => (byte)random.Next(256) };
            }
            if (random.Next(10) == 0) bytes = bytes[..random.Next(9, bytes.Length)];

            var check = await inspector.CheckAsync("file." + extension, new MemoryStream(bytes));

            Assert.True(check.Kind == kind || (check.Kind is null && check.Error is not null), $"case {n}: {check}");
            verdicts.Add(check.Kind?.ToString() ?? check.Error!);
        }
        // The damage reached the structure: some files were refused, others survived it.
        Assert.Contains(kind.ToString(), verdicts);
        Assert.Contains("文件已损坏或不完整，无法识别其类型", verdicts);
    }
}
