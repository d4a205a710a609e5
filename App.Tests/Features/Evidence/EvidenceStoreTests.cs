using System.Security.Cryptography;
using SchoolAssessment.Features.Evidence;

namespace SchoolAssessment.Tests.Features.Evidence;

public sealed class EvidenceStoreTests : IDisposable
{
    private readonly string parent = Directory.CreateTempSubdirectory("evidence-store-").FullName;
    private readonly EvidenceStore store;

    public EvidenceStoreTests() => store = new EvidenceStore(Path.Combine(parent, "evidence"));

    public void Dispose() => Directory.Delete(parent, recursive: true);

    private static byte[] Content(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private string[] StoredFiles() => Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories);

    [Fact]
    public async Task A_file_is_stored_under_the_SHA256_of_its_content_and_reads_back_the_same()
    {
        var content = Content("学校自评报告 2025");

        var stored = await store.SaveAsync(new MemoryStream(content));

        var expected = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(new StoredFile(expected, content.Length), stored);
        Assert.Equal(Path.Combine(store.Root, expected[..2], expected[2..4], expected), Assert.Single(StoredFiles()));
        Assert.True(store.Exists(expected));
        await using var read = store.OpenRead(expected);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task The_same_content_twice_is_stored_once_and_different_content_apart()
    {
        var first = await store.SaveAsync(new MemoryStream(Content("same")));
        var second = await store.SaveAsync(new MemoryStream(Content("same")));

        Assert.Equal(first, second);
        Assert.Single(StoredFiles());

        var other = await store.SaveAsync(new MemoryStream(Content("other")));
        Assert.NotEqual(first.Sha256, other.Sha256);
        Assert.Equal(2, StoredFiles().Length);
    }

    [Fact]
    public async Task A_large_file_is_hashed_whole_and_no_temporary_file_is_left()
    {
        var content = new byte[1_000_003];
        new Random(7).NextBytes(content);

        var stored = await store.SaveAsync(new MemoryStream(content));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);
        Assert.Equal(content.Length, stored.Length);
        Assert.Equal(content.Length, new FileInfo(Assert.Single(StoredFiles())).Length);
    }

    [Fact]
    public async Task Files_land_under_the_root_and_nowhere_else()
    {
        await store.SaveAsync(new MemoryStream(Content("a")));
        await store.SaveAsync(new MemoryStream(Content("b")));

        Assert.Equal([store.Root], Directory.GetFileSystemEntries(parent));
        Assert.All(StoredFiles(), f => Assert.StartsWith(store.Root + Path.DirectorySeparatorChar, Path.GetFullPath(f)));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")] // upper case
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")] // 63
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")] // 65
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("e3/0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("../0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void A_hash_that_is_not_64_lower_case_hex_characters_is_refused(string hash)
    {
        Assert.Throws<ArgumentException>(() => store.OpenRead(hash));
        Assert.Throws<ArgumentException>(() => store.Exists(hash));
    }

    [Fact]
    public void A_well_formed_hash_that_is_not_stored_is_not_found()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Content("never stored")));

        Assert.False(store.Exists(hash));
        Assert.Throws<FileNotFoundException>(() => store.OpenRead(hash));
    }

    [Fact]
    public void A_store_needs_a_root()
    {
        Assert.Throws<ArgumentException>(() => new EvidenceStore(" "));
    }
}
