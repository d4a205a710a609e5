using System.CommandLine;
using System.Globalization;

namespace SchoolAssessment.Features.Standards;

/// <summary><c>standards validate &lt;file&gt;</c>: checks a standard (or indicators) file as the app would load it.</summary>
public static class StandardsCommand
{
    public static Command Create(Func<StandardLibrary> library)
    {
        var file = new Argument<FileInfo>("file") { Description = "标准文件 (standards/<id>.yaml) 或指标目录 (indicators.yaml)" };
        var indicators = new Option<FileInfo?>("--indicators") { Description = "用此指标目录校验,默认用随应用发布的 seed-data/indicators.yaml" };
        var validate = new Command("validate", "校验标准文件;有误时列出文件、项目和原因") { file, indicators };
        validate.SetAction(parse => Validate(library, parse.GetValue(file)!, parse.GetValue(indicators)));

        var list = new Command("list", "列出已加载的标准");
        list.SetAction(_ =>
        {
            foreach (var s in library().Standards) Console.Out.WriteLine(Summary(s));
            return 0;
        });

        return new Command("standards", "标准文件工具") { validate, list };
    }

    private static int Validate(Func<StandardLibrary> library, FileInfo file, FileInfo? indicatorsFile)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: 文件不存在");
            return Cli.CommandLine.BadInput;
        }

        try
        {
            if (file.Name == StandardLibrary.IndicatorsFile)
            {
                var catalog = IndicatorCatalogLoader.LoadFile(file.FullName);
                Console.Out.WriteLine($"{file.Name}: valid, {catalog.All.Count} indicators in {catalog.ByCategory().Count()} categories");
                return 0;
            }

            var indicators = indicatorsFile is null ? library().Indicators : IndicatorCatalogLoader.LoadFile(indicatorsFile.FullName);
            var standard = StandardLoader.LoadFile(file.FullName, indicators);
            Console.Out.WriteLine($"{file.Name}: valid");
            Console.Out.WriteLine(Summary(standard));
            return 0;
        }
        catch (StandardFileException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine(error);
            return Cli.CommandLine.BadInput;
        }
    }

    private static string Summary(Standard s)
    {
        var bonus = s.Dimensions.Where(d => d.Bonus).Sum(d => d.Max);
        var gates = s.Dimensions.Count(d => d.Gate is not null) + s.Items.Count(i => i.Gate is not null);
        var grades = string.Join(", ", s.Grades.Select(g => $"{g.Name}≥{g.Min.ToString("0.##", CultureInfo.InvariantCulture)}"));
        return $"{s.Id} {s.Version} {s.Name}: {s.Dimensions.Count} dimensions, {s.Items.Count()} items, "
            + $"{s.Max:0.##} points{(bonus > 0 ? $" (+{bonus:0.##} bonus)" : "")}, {s.Items.Count(i => i.Veto)} veto items"
            + (gates > 0 ? $", {gates} gates" : "") + $"; grades {grades}";
    }
}
