namespace SchoolAssessment.Features.Standards;

/// <summary>The indicator catalogue and every standard loaded from one seed-data folder.</summary>
public sealed class StandardLibrary(IndicatorCatalog indicators, IReadOnlyList<Standard> standards,
    IReadOnlyDictionary<string, string>? sources = null)
{
    public const string IndicatorsFile = "indicators.yaml";
    public const string StandardsFolder = "standards";

    public IndicatorCatalog Indicators { get; } = indicators;

    public IReadOnlyList<Standard> Standards { get; } = standards;

    /// <summary>Each standard's file text by id, so the exact version in force can be recorded.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; } = sources ?? new Dictionary<string, string>();

    public Standard? Find(string id) => Standards.FirstOrDefault(s => s.Id == id);

    /// <summary>Loads seed-data/indicators.yaml and seed-data/standards/*.yaml; every file's errors are reported together.</summary>
    public static StandardLibrary LoadDirectory(string directory)
    {
        var catalog = IndicatorCatalogLoader.LoadFile(Path.Combine(directory, IndicatorsFile));
        var errors = new List<string>();
        var standards = new List<Standard>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.GetFiles(Path.Combine(directory, StandardsFolder), "*.yaml").Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                var text = File.ReadAllText(file);
                var standard = StandardLoader.Parse(Path.GetFileName(file), text, catalog);
                standards.Add(standard);
                sources[standard.Id] = text;
            }
            catch (StandardFileException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        // A roll-up counts the township schools that pass a standard: that standard must be loaded.
        foreach (var indicator in catalog.All.Where(i => i.Derived?.Passing is { } id && standards.All(s => s.Id != id)))
            errors.Add($"{IndicatorsFile}: indicator {indicator.Key}: 'derived.passing' names the standard '{indicator.Derived!.Passing}', which is not loaded");

        if (errors.Count > 0) throw new StandardFileException(errors);
        return new StandardLibrary(catalog, standards, sources);
    }
}
