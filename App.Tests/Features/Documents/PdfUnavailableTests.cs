using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Documents.Pdf;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>A server without Chromium: printing says so in Chinese, at once, without trying to start a browser.</summary>
[Collection(PdfCollection.Name)]
public class PdfUnavailableTests(PdfFixture fixture)
{
    [Fact]
    public async Task Without_chromium_printing_fails_at_once_with_a_message_for_the_user()
    {
        const string missing = "/nonexistent/chromium";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Pdf:ChromiumPath"] = missing }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(fixture.App.Services.GetRequiredService<IWebHostEnvironment>())
            .AddPdfPrinting(configuration)
            .BuildServiceProvider();
        var printer = services.GetRequiredService<PdfPrinter>();

        Assert.False(printer.IsAvailable);
        var error = await Assert.ThrowsAsync<PdfUnavailableException>(() =>
            printer.PrintAsync<PrintedDocument>(Sample.Document("标题", DocumentKind.Official, Sample.Raw("<p>正文</p>"))));
        Assert.Equal($"服务器未安装 Chromium（{missing}），暂时无法生成 PDF；Excel 导出不受影响。", error.Message);
        await Assert.ThrowsAsync<PdfUnavailableException>(() => printer.PrintHtmlAsync("<p>正文</p>"));
        Assert.Equal(0, printer.LaunchCount);
    }

    [Fact]
    public void The_app_registers_one_printer_for_the_configured_chromium()
    {
        var printer = fixture.App.Services.GetRequiredService<PdfPrinter>();

        Assert.Same(printer, fixture.App.Services.GetRequiredService<PdfPrinter>());
        Assert.Equal(File.Exists("/usr/bin/chromium"), printer.IsAvailable);
    }
}
