namespace SchoolAssessment.Features.Standards;

/// <summary>
/// An item's <c>source</c> as a reader sees it: the title of the document (《…》) that holds its number, or
/// "建议标准" for a proposed default, never a file name. A source names one or more references separated by
/// "；": a seed file (<c>001_f762b35cc51b0dff.txt</c>), a section of DOMAIN.md (<c>DOMAIN.md A.1 A4</c>), the words
/// <c>proposed default</c>, or, in a province's own file, any text, shown as written.
/// </summary>
public static class SourceTitles
{
    public const string ProposedDefault = "proposed default";

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["000_4e2e9d6079020f5d.txt"] = "《某区委党校关于创建“优化发展类”县级党校分类建设实施方案》",
        ["001_f762b35cc51b0dff.txt"] = "《市委党校改革建设工作方案》",
        ["002_bc5666aff3804a21.txt"] = "《阜阳市委党校：围绕“四个聚焦”推动基层党员干部教育培训提质增效》",
        ["003_6f8c5d484822d8cf.txt"] = "《贯彻落实党的二十届三中全会精神，推动基层党校创新发展研讨会》",
        ["004_9185ffc87306d91d.txt"] = "《恩施利川：“两校两库”筑牢理论阵地 “两式两化”武装党员干部》",
        ["DOMAIN.md A.1 A1"] = "《中国共产党党校（行政学院）工作条例》第七条",
        ["DOMAIN.md A.1 A2"] = "《中国共产党党校（行政学院）工作条例》第八条",
        ["DOMAIN.md A.1 A3"] = "《中国共产党党校（行政学院）工作条例》第八条",
        ["DOMAIN.md A.1 A4"] = "《中国共产党党校（行政学院）工作条例》第八条",
        ["DOMAIN.md A.1 A8"] = "《中国共产党党员教育管理工作条例》第二十条",
        ["DOMAIN.md A.1 A10"] = "《干部教育培训工作条例》（比例待核对原文）",
        ["DOMAIN.md A.2"] = "《市县级党校主体班班次办学规范》《关于开展市县级党校办学质量初评的通知》（四川省委党校）",
        ["DOMAIN.md B.2"] = "《县级党校（行政学校）办学质量评估工作指导意见》（河南，校办文〔2022〕5号）",
        ["DOMAIN.md B.3"] = "《池州市县级党校办学质量评估办法（暂行）》（池组字〔2016〕9号）",
        ["DOMAIN.md B.5"] = "《广东省县级党校基础设施“八有”建设要求》（2022年评估）",
        ["DOMAIN.md B.8 Anfu"] = "《安福县乡镇党校“六有”标准》（江西，2023年）",
        ["DOMAIN.md B.8 Shangri-La"] = "《香格里拉市乡镇党校“六个一”建设要求》（云南，2022年）",
    };

    /// <summary>The references of a source, in order.</summary>
    public static IReadOnlyList<string> References(string? source) =>
        (source ?? "").Split(['；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether a reference is one the shipped files may use: a seed file, a DOMAIN.md section, or a proposed default.</summary>
    public static bool IsKnown(string reference) => reference == ProposedDefault || Titles.ContainsKey(reference);

    /// <summary>One reference as a reader sees it.</summary>
    public static string Title(string reference) =>
        reference == ProposedDefault ? "建议标准" : Titles.GetValueOrDefault(reference, reference);

    /// <summary>The whole source as a reader sees it ("《…》；建议标准"), or null where there is none.</summary>
    public static string? Describe(string? source)
    {
        var titles = References(source).Select(Title).Distinct().ToList();
        return titles.Count == 0 ? null : string.Join("；", titles);
    }
}
