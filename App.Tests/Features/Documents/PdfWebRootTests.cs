using SchoolAssessment.Features.Documents.Pdf;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Which requests of a printed page are answered from wwwroot: its files, and nothing beside them.</summary>
public sealed class PdfWebRootTests : IDisposable
{
    private static readonly Uri Origin = new("http://document.local/");
    private readonly string _folder = Directory.CreateTempSubdirectory("pdf-webroot-").FullName;
    private readonly string _webRoot;

    public PdfWebRootTests()
    {
        _webRoot = Path.Combine(_folder, "wwwroot");
        Directory.CreateDirectory(Path.Combine(_webRoot, "css"));
        File.WriteAllText(Path.Combine(_webRoot, "css", "print.css"), "p {}");
        File.WriteAllText(Path.Combine(_webRoot, "notes.txt"), "not served");
        File.WriteAllText(Path.Combine(_folder, "secret.css"), "outside the web root");
        File.WriteAllText(Path.Combine(_folder, "wwwroot-evil.css"), "a sibling whose name starts like the root");
    }

    [Theory]
    [InlineData("http://document.local/css/print.css", "text/css; charset=utf-8")]
    [InlineData("http://document.local/css/print.css?v=1", "text/css; charset=utf-8")]
    [InlineData("http://document.local/css%2Fprint.css", "text/css; charset=utf-8")]
    public void A_file_of_the_web_root_is_served_with_its_type(string url, string contentType)
    {
        var file = WebRootFiles.Resolve(_webRoot, Origin, url);

        Assert.NotNull(file);
        Assert.Equal(Path.Combine(_webRoot, "css", "print.css"), file.Path);
        Assert.Equal(contentType, file.ContentType);
    }

    [Theory]
    [InlineData("http://document.local/..%2Fsecret.css")]
    [InlineData("http://document.local/css/..%2F..%2Fsecret.css")]
    [InlineData("http://document.local/%2e%2e%2fsecret.css")]
    [InlineData("http://document.local/..%5Csecret.css")]
    [InlineData("http://document.local/..%2Fwwwroot-evil.css")]
    [InlineData("http://document.local/%2Fetc%2Fpasswd.css")]
    [InlineData("http://document.local/notes.txt")]
    [InlineData("http://document.local/css/missing.css")]
    [InlineData("http://document.local/")]
    [InlineData("https://example.com/css/print.css")]
    [InlineData("http://document.local:8080/css/print.css")]
    public void Anything_else_is_not_served(string url)
    {
        Assert.Null(WebRootFiles.Resolve(_webRoot, Origin, url));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
