namespace SchoolAssessment.Features.Documents.Pdf;

public static class PdfServices
{
    /// <summary>Registers the one <see cref="PdfPrinter"/> of the process, configured from the "Pdf" section.</summary>
    public static IServiceCollection AddPdfPrinting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PdfOptions>()
            .Bind(configuration.GetSection(PdfOptions.Section))
            .Validate(o => o.TimeoutSeconds > 0, "Pdf:TimeoutSeconds must be positive.")
            .Validate(o => o.WarmPages >= 0, "Pdf:WarmPages must not be negative.")
            .Validate(o => o.PrintsPerPage > 0, "Pdf:PrintsPerPage must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ChromiumPath), "Pdf:ChromiumPath must name the Chromium executable.");
        services.AddSingleton<DocumentFonts>();
        services.AddSingleton<PdfPrinter>();
        services.AddHostedService<PdfWarmup>();
        return services;
    }
}
