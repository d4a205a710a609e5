using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Cli;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Reports;

/// <summary>
/// <c>export documents --kind plan.pdf --assessment 3 --out dir</c> (or <c>--all</c>: every assessment the account may
/// read, e.g. every school's plan in one run) and <c>export template --school 1 --year 2025 --out file.xlsx</c>.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = $"文件种类:{string.Join("、", ReportEndpoints.Paths.Keys)}", Required = true };
        kind.AcceptOnlyFromAmong([.. ReportEndpoints.Paths.Keys]);
        var assessments = new Option<int[]>("--assessment") { Description = "评估编号(可多个)", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "该账号可查看的全部评估" };
        var output = new Option<DirectoryInfo>("--out") { Description = "输出目录", Required = true };
        var user = AppHost.UserOption();
        var documents = new Command("documents", "导出评估的整改台账、整改方案、评估报告或评分表") { kind, assessments, all, output, user };
        documents.SetAction((parse, token) => ExportDocumentsAsync(ReportEndpoints.Paths[parse.GetValue(kind)!], parse.GetValue(assessments) ?? [],
            parse.GetValue(all), parse.GetValue(output)!, parse.GetValue(user)!, token));

        var school = new Option<int>("--school") { Description = "党校编号(模板含其下属党校)", Required = true };
        var year = new Option<int>("--year") { Description = "年度", Required = true };
        var file = new Option<FileInfo>("--out") { Description = "输出文件 .xlsx", Required = true };
        var templateUser = AppHost.UserOption();
        var template = new Command("template", "导出指标数据模板(每行一所党校)") { school, year, file, templateUser };
        template.SetAction((parse, token) => ExportTemplateAsync(parse.GetValue(school), parse.GetValue(year), parse.GetValue(file)!, parse.GetValue(templateUser)!, token));

        return new Command("export", "批量导出文件") { documents, template };
    }

    private static async Task<int> ExportDocumentsAsync(DocumentKindOfAssessment kind, int[] ids, bool all, DirectoryInfo output, string userName,
        CancellationToken cancellationToken)
    {
        if (ids.Length == 0 && !all)
        {
            Console.Error.WriteLine("--assessment: 请给出评估编号,或用 --all 导出全部");
            return CommandLine.BadInput;
        }

        await using var session = await AppHost.StartAsAsync(userName);
        if (session is null) return CommandLine.BadInput;
        var user = session.User;

        if (all)
        {
            await using var db = await session.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
            var withPlan = kind is DocumentKindOfAssessment.PlanPdf or DocumentKindOfAssessment.PlanWorkbook;
            ids = await db.Assessments.Where(a => !withPlan || db.RectificationPlans.Any(p => p.AssessmentId == a.Id)).OrderBy(a => a.Id)
                .Select(a => a.Id).ToArrayAsync(cancellationToken);
        }

        output.Create();
        var documents = session.Services.GetRequiredService<AssessmentDocuments>();
        var failed = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);
        var done = 0;
        foreach (var id in ids)
        {
            // Progress on stderr for a long batch; stdout keeps one path a line for scripts.
            if (ids.Length > 3) Console.Error.WriteLine($"正在导出 {++done}/{ids.Length}：评估 {id}");
            try
            {
                var made = await documents.MakeAsync(user, id, kind, cancellationToken);
                if (made.Content is null)
                {
                    // With --all, an assessment the account may not read is simply not its to export.
                    if (!all || made.Missing) Console.Error.WriteLine($"评估 {id}:{(made.Refused ? $"账号 {userName} 无权查看" : made.Problem ?? "不存在")}");
                    if (!all) failed++;
                    continue;
                }

                // Two schools of one name (城关镇党校 is in many counties) would write one file: the second gets its number.
                var path = Path.Combine(output.FullName, made.FileName);
                if (!written.Add(path))
                {
                    path = Path.Combine(output.FullName, $"{Path.GetFileNameWithoutExtension(made.FileName)}-评估{id}{Path.GetExtension(made.FileName)}");
                    written.Add(path);
                }

                await File.WriteAllBytesAsync(path, made.Content, cancellationToken);
                Console.WriteLine(path);
            }
            catch (PdfUnavailableException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            catch (TimeoutException)
            {
                // One clear line, no stack trace: the browser did not finish this document in time.
                Console.Error.WriteLine($"评估 {id}：PDF 生成超时，已停止导出（已导出 {written.Count} 个文件）；请稍后重试，或调大 Pdf:TimeoutSeconds");
                return 1;
            }
        }

        Console.Error.WriteLine(written.Count == 0 && all
            ? $"账号 {userName} 可查看的评估中没有可导出的文件{(kind is DocumentKindOfAssessment.PlanPdf or DocumentKindOfAssessment.PlanWorkbook ? "(整改方案和台账须先生成)" : "")}"
            : $"已导出 {written.Count} 个文件到 {output.FullName}");
        return failed == 0 ? 0 : CommandLine.BadInput;
    }

    private static async Task<int> ExportTemplateAsync(int schoolId, int year, FileInfo file, string userName, CancellationToken cancellationToken)
    {
        await using var session = await AppHost.StartAsAsync(userName);
        if (session is null) return CommandLine.BadInput;
        var user = session.User;

        var bytes = await session.Services.GetRequiredService<IndicatorImportService>().TemplateAsync(user, schoolId, year, cancellationToken);
        if (bytes is null)
        {
            Console.Error.WriteLine($"--school: 党校 {schoolId} 不存在,或账号 {userName} 无权填报其数据");
            return CommandLine.BadInput;
        }

        file.Directory?.Create();
        await File.WriteAllBytesAsync(file.FullName, bytes, cancellationToken);
        Console.WriteLine(file.FullName);
        return 0;
    }
}
