using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Features.Access;
using SchoolAssessment.Tests.Features.Assessments;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Evidence;

/// <summary>Evidence through the service the interactive list calls, and its download over HTTP: upload by the school, refusals by content, name and size, download by readers only, review on site.</summary>
public class EvidenceUploadTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => app.EnsureSeededAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. new byte[200], .. "%%EOF"u8];

    private int Assessment => app.Assessments[Relation.Own];

    // The evidence list is interactive: its upload and review handlers call the service as the circuit's user; the outcome
    // is read as the status a request would have had (CommandResponses).
    private async Task<HttpResponseMessage> UploadAsync(string userName, int assessment, string item, string fileName, byte[] content)
    {
        await app.EnsureSeededAsync();
        var result = await AssessmentSteps.UploadAsync(app, userName, assessment, item, fileName, content);
        return await CommandResponses.Of(Task.FromResult(result.ToOutcome()));
    }

    private async Task<HttpResponseMessage> ReviewAsync(string userName, long file, string review, string comment) =>
        await CommandResponses.Of(Task.FromResult((await AssessmentSteps.ReviewAsync(app, userName, file, Enum.Parse<EvidenceReview>(review), comment)).ToOutcome()));

    private static string As(string role) => SchoolTreeFactory.UserName(role);

    private async Task<List<EvidenceFile>> FilesAsync(string item)
    {
        return await app.QueryAsync(db => db.EvidenceFiles.Where(e => e.AssessmentId == Assessment && e.ItemCode == item).ToListAsync());
    }

    [Fact]
    public async Task The_school_uploads_a_file_stored_outside_the_web_root_under_its_hash_and_downloads_it_back()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);

        var response = await UploadAsync(As(AppRole.SchoolLeader), Assessment, "C1", "教师花名册.pdf", Pdf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await FilesAsync("C1"));
        Assert.Equal("教师花名册.pdf", stored.FileName);
        Assert.Equal(EvidenceFileKind.Pdf, stored.Kind);
        Assert.True(File.Exists(Path.Combine(app.EvidenceDirectory, stored.Sha256[..2], stored.Sha256[2..4], stored.Sha256)));

        var download = await leader.GetAsync($"/evidence/{stored.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientForAsync(AppRole.Evaluator)).GetAsync($"/evidence/{stored.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientForAsync(AppRole.SchoolStaff)).GetAsync($"/evidence/{stored.Id}")).StatusCode);
    }

    [Theory]
    [InlineData("report.pdf", "MZ-executable", "不支持的文件类型")]
    [InlineData("../../etc/passwd.pdf", "%PDF-1.4", "文件名不能包含路径")]
    [InlineData("scan.pdf", "\u0089PNG\r\n\u001a\n", "文件内容与扩展名不符")]
    public async Task A_bad_file_is_refused_with_the_reason_and_nothing_is_stored(string fileName, string head, string reason)
    {
        var content = head.Select(c => (byte)c).Concat(new byte[100]).ToArray();

        var response = await UploadAsync(As(AppRole.SchoolLeader), Assessment, "A2", fileName, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Empty(await FilesAsync("A2"));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused()
    {
        var large = Pdf.Concat(new byte[1024 * 1024]).ToArray();

        var response = await UploadAsync(As(AppRole.SchoolLeader), Assessment, "A3", "big.pdf", large);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("超过 1 MB", await response.Content.ReadAsStringAsync());
        Assert.Empty(await FilesAsync("A3"));
    }

    [Fact]
    public async Task Those_outside_the_assessment_can_neither_upload_nor_download()
    {
        await UploadAsync(As(AppRole.SchoolLeader), Assessment, "A4", "会议纪要.pdf", Pdf);
        var file = Assert.Single(await FilesAsync("A4"));
        var outsider = app.NewClient();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "sibling-leader", DisplayName = "兄弟校", SchoolId = app.Schools[Relation.Sibling] };
            await users.CreateAsync(user, SchoolTreeFactory.Password);
            await users.AddToRoleAsync(user, AppRole.SchoolLeader);
        }

        await SchoolTreeFactory.SignInAsync(outsider, "sibling-leader", SchoolTreeFactory.Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/evidence/{file.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync("sibling-leader", Assessment, "A4", "x.pdf", Pdf)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync($"/evidence/{file.Id}")).StatusCode); // signed out: to the login page
        Assert.Single(await FilesAsync("A4"));
    }

    [Fact]
    public async Task On_site_an_evaluator_accepts_or_rejects_with_a_comment_and_the_school_can_no_longer_upload()
    {
        await UploadAsync(As(AppRole.SchoolLeader), Assessment, "B1", "不动产证.pdf", Pdf);
        var file = Assert.Single(await FilesAsync("B1"));
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // The fixture's assessment goes on site directly (the workflow itself is tested elsewhere).
            await db.Assessments.Where(a => a.Id == Assessment).ExecuteUpdateAsync(u => u.SetProperty(a => a.State, AssessmentState.OnSite));
        }

        var noReason = await ReviewAsync(As(AppRole.Evaluator), file.Id, "Rejected", "");
        var rejected = await ReviewAsync(As(AppRole.Evaluator), file.Id, "Rejected", "证书已过期");
        var byLeader = await ReviewAsync(As(AppRole.SchoolLeader), file.Id, "Accepted", "");
        var lateUpload = await UploadAsync(As(AppRole.SchoolLeader), Assessment, "B1", "补充.pdf", Pdf);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLeader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lateUpload.StatusCode);
        var reviewed = Assert.Single(await FilesAsync("B1"));
        Assert.Equal(EvidenceReview.Rejected, reviewed.Review);
        Assert.Equal("证书已过期", reviewed.ReviewComment);
        Assert.Equal(AppRole.Evaluator, reviewed.ReviewedBy); // the 姓名, never the login name

        await using var back = app.Services.CreateAsyncScope();
        await using var backDb = await back.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await backDb.Assessments.Where(a => a.Id == Assessment).ExecuteUpdateAsync(u => u.SetProperty(a => a.State, AssessmentState.SelfAssessment));
    }
}
