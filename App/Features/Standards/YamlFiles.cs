using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SchoolAssessment.Features.Standards;

/// <summary>Reads the YAML of seed-data into plain DTOs; unknown fields are errors, not silently dropped.</summary>
internal static class YamlFiles
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static T Read<T>(string fileName, string text)
    {
        try
        {
            return Deserializer.Deserialize<T>(text)
                ?? throw new StandardFileException([$"{fileName}: the file is empty"]);
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new StandardFileException([$"{fileName} (line {e.Start.Line}, column {e.Start.Column}): {reason}"]);
        }
    }
}

// The DTOs mirror the file format of SCORING.md §1 field by field; the loaders turn them into records.
#pragma warning disable CA1812
internal sealed class IndicatorsFileDto
{
    public List<IndicatorDto>? Indicators { get; set; }
}

internal sealed class IndicatorDto
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public string? Category { get; set; }
    public string? Type { get; set; }
    public string? Unit { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public string? Help { get; set; }
    public object? Lte { get; set; }
    public DerivedDto? Derived { get; set; }
}

internal sealed class DerivedDto
{
    public string? From { get; set; }
    public string? Passing { get; set; }
    public string? With { get; set; }
}

internal sealed class StandardDto
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public string? Version { get; set; }
    public string? Kind { get; set; }
    public string? Issuer { get; set; }
    public List<GradeDto>? Grades { get; set; }
    public List<DimensionDto>? Dimensions { get; set; }
}

internal sealed class GradeDto
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public decimal? Min { get; set; }
    public bool? Pass { get; set; }
}

internal sealed class DimensionDto
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public decimal? MinRatio { get; set; }
    public bool? Bonus { get; set; }
    public DimensionGateDto? Gate { get; set; }
    public List<ItemDto>? Items { get; set; }
}

internal sealed class DimensionGateDto
{
    public decimal? MinRatio { get; set; }
}

internal sealed class ItemGateDto
{
    public decimal? AtLeast { get; set; }
    public decimal? AtMost { get; set; }
}

internal sealed class ItemDto
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public decimal? Points { get; set; }
    public bool? Veto { get; set; }
    public RuleDto? Rule { get; set; }
    public List<string>? Evidence { get; set; }
    public string? Hint { get; set; }
    public string? Source { get; set; }
    public ItemGateDto? Gate { get; set; }
    public List<string>? Checks { get; set; }
}

internal sealed class RuleDto
{
    public string? Type { get; set; }
    public string? Indicator { get; set; }
    public string? Numerator { get; set; }
    public string? Denominator { get; set; }
    public decimal? Target { get; set; }
    public decimal? Floor { get; set; }
    public string? Direction { get; set; }
    public string? Mode { get; set; }
    public List<StepDto>? Steps { get; set; }
    public List<string>? Indicators { get; set; }
    public List<LevelDto>? Levels { get; set; }
}

internal sealed class StepDto
{
    public decimal? At { get; set; }
    public decimal? Ratio { get; set; }
}

internal sealed class LevelDto
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public decimal? Ratio { get; set; }
}
#pragma warning restore CA1812
