using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Licensed fonts of Pdf:FontsDirectory: recognised by their names, served to the printed page, used before the shipped faces.</summary>
public sealed class DocumentFontsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fonts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private DocumentFonts Fonts(string? directory) =>
        new(Options.Create(new PdfOptions { FontsDirectory = directory }), NullLogger<DocumentFonts>.Instance);

    [Fact]
    public void Files_are_given_their_role_by_name_and_only_they_are_served()
    {
        File.WriteAllBytes(Path.Combine(_folder, "仿宋_GB2312.ttf"), [1]);
        File.WriteAllBytes(Path.Combine(_folder, "方正小标宋简体.otf"), [2]);
        File.WriteAllBytes(Path.Combine(_folder, "readme.txt"), [3]);
        var fonts = Fonts(_folder);

        Assert.Equal(["GB Title", "GB Body"], fonts.Files.Order().Reverse());
        Assert.Contains("font-family: \"GB Body\"", fonts.Stylesheet);
        Assert.Contains(Uri.EscapeDataString("仿宋_GB2312.ttf"), fonts.Stylesheet);
        Assert.Contains("font-weight: 100 900", fonts.Stylesheet); // a heavy title is the file itself, never a synthesised bold
        Assert.NotNull(fonts.Resolve("fonts/licensed/仿宋_GB2312.ttf"));
        Assert.Null(fonts.Resolve("fonts/licensed/readme.txt"));
        Assert.Null(fonts.Resolve("fonts/licensed/../仿宋_GB2312.ttf"));
        Assert.Equal("", Fonts(null).Stylesheet);
        Assert.Equal("", Fonts(Path.Combine(_folder, "missing")).Stylesheet);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_licensed_body_face_is_used_before_the_shipped_one()
    {
        // LXGW WenKai stands in for a licensed 仿宋_GB2312 file: the body text must then be set in it.
        var webRoot = Path.Combine(SeedLibrary.RepositoryRoot, "App", "wwwroot");
        File.Copy(Path.Combine(webRoot, "fonts-ofl", "lxgw-wenkai-500-gb2312.woff2"), Path.Combine(_folder, "FangSong_GB2312.woff2"));
        await using var app = new Factory(_folder);

        var pdf = await app.Services.GetRequiredService<PdfPrinter>().PrintAsync<PrintedDocument>(new Dictionary<string, object?>
        {
            ["Title"] = "测试", ["Kind"] = DocumentKind.Official,
            ["ChildContent"] = (Microsoft.AspNetCore.Components.RenderFragment)(b => b.AddMarkupContent(0, "<p>根据评估反馈意见，制定本方案。</p>")),
        });

        var fonts = await Poppler.FontsAsync(pdf);
        Assert.Contains("LXGWWenKai", fonts);
        Assert.DoesNotContain("NotoSerifSC", fonts);
    }

    private sealed class Factory(string fonts) : AppFactory
    {
        protected override void Configure(IWebHostBuilder builder)
        {
            builder.UseSetting("Demo:Enabled", "false");
            builder.UseSetting("Pdf:FontsDirectory", fonts);
        }
    }
}
