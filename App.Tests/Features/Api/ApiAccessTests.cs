using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Api;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Api;

/// <summary>
/// The access matrix of <c>/api/v1</c>: every endpoint × role × the school's relation to the user, with a personal access
/// token of the role's account. The API answers as the pages do: 403 where the matrix refuses (nothing of the school in
/// the answer), 404 for what does not exist, never a cookie.
/// </summary>
public class ApiAccessTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    /// <summary>Every role's token exists before the first copy of the database, so each reset keeps it.</summary>
    public async Task InitializeAsync()
    {
        foreach (var role in AppRole.All) await ClientAsync(role);
        await app.ResetDatabaseAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly Relation[] All = [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside];

    /// <summary>Who may, per endpoint: the pages' matrix (AccessMatrixTests) for the same action.</summary>
    private static readonly Dictionary<string, Dictionary<string, Relation[]>> Allowed = new()
    {
        ["view"] = new()
        {
            [AppRole.Administrator] = All, [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own, Relation.Child], [AppRole.SchoolStaff] = [Relation.Own], [AppRole.Evaluator] = [],
        },
        ["save"] = new()
        {
            [AppRole.Administrator] = All, [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own], [AppRole.SchoolStaff] = [Relation.Own], [AppRole.Evaluator] = [],
        },
        ["assessment"] = new()
        {
            [AppRole.Administrator] = All, [AppRole.Supervisor] = [Relation.Own, Relation.Child],
            [AppRole.SchoolLeader] = [Relation.Own], [AppRole.SchoolStaff] = [Relation.Own], [AppRole.Evaluator] = [Relation.Own],
        },
        ["school-writes"] = new()
        {
            [AppRole.Administrator] = All, [AppRole.Supervisor] = [],
            [AppRole.SchoolLeader] = [Relation.Own], [AppRole.SchoolStaff] = [Relation.Own], [AppRole.Evaluator] = [],
        },
    };

    private static readonly Dictionary<string, string> MatrixOf = new()
    {
        ["school"] = "view", ["values"] = "view", ["gaps"] = "view", ["value-put"] = "save",
        ["assessment"] = "assessment", ["ledger"] = "assessment",
        ["self-score-put"] = "school-writes", ["line-put"] = "school-writes", ["line-status-put"] = "school-writes",
    };

    public static TheoryData<string, string, Relation> Cases()
    {
        var data = new TheoryData<string, string, Relation>();
        foreach (var endpoint in MatrixOf.Keys)
            foreach (var role in AppRole.All)
                foreach (var relation in All)
                    data.Add(endpoint, role, relation);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_token_is_refused_exactly_where_the_matrix_says(string endpoint, string role, Relation relation)
    {
        var client = await ClientAsync(role);
        var school = await app.SchoolAsync(app.Schools[relation]);
        var (id, assessment, line) = (school.Id, app.Assessments[relation], app.RectificationLines[relation]);
        var standard = relation == Relation.Child ? "township-six-haves" : "optimized-development";
        // Each case starts with no value stored; stale versions where a conflict is harmless.
        var year = Year;

        var response = endpoint switch
        {
            "school" => await client.GetAsync($"/api/v1/schools/{id}"),
            "values" => await client.GetAsync($"/api/v1/schools/{id}/years/{Year}/values"),
            "gaps" => await client.GetAsync($"/api/v1/schools/{id}/years/{Year}/gaps/{standard}"),
            "value-put" => await client.PutAsJsonAsync($"/api/v1/schools/{id}/years/{year}/values/fulltimeTeachers", new { value = 7, version = (Guid?)null }),
            "assessment" => await client.GetAsync($"/api/v1/assessments/{assessment}"),
            "ledger" => await client.GetAsync($"/api/v1/assessments/{assessment}/ledger"),
            "self-score-put" => await client.PutAsJsonAsync($"/api/v1/assessments/{assessment}/items/A2/scores/Self",
                new { comment = $"{role} 自评", version = Guid.NewGuid() }),
            "line-put" => await client.PutAsJsonAsync($"/api/v1/ledger-lines/{line}", new { measures = $"{role} 措施", version = Guid.NewGuid() }),
            "line-status-put" => await client.PutAsJsonAsync($"/api/v1/ledger-lines/{line}/status", new { status = "InProgress", version = Guid.NewGuid() }),
            _ => throw new ArgumentException(endpoint),
        };

        var allowed = Allowed[MatrixOf[endpoint]][role].Contains(relation);
        var body = await response.Content.ReadAsStringAsync();
        if (allowed)
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{role} {endpoint} {relation}: {(int)response.StatusCode} {body}");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} {endpoint} {relation}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("无权访问", body);
            Assert.DoesNotContain(school.Name, body); // a refusal shows nothing of the school
        }
    }

    [Theory]
    [InlineData(AppRole.Administrator, new[] { Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside })]
    [InlineData(AppRole.Supervisor, new[] { Relation.Own, Relation.Child })]
    [InlineData(AppRole.SchoolLeader, new[] { Relation.Own, Relation.Child })]
    [InlineData(AppRole.SchoolStaff, new[] { Relation.Own })]
    [InlineData(AppRole.Evaluator, new Relation[0])]
    public async Task The_school_list_holds_exactly_what_a_role_may_see(string role, Relation[] visible)
    {
        var client = await ClientAsync(role);

        var page = await client.GetFromJsonAsync<ApiPage<ApiSchool>>("/api/v1/schools?pageSize=200");

        var listed = page!.Items.Select(s => s.Id).ToHashSet();
        foreach (var relation in All) Assert.Equal(visible.Contains(relation), listed.Contains(app.Schools[relation]));
        Assert.Equal(listed.Count, page.Total);
    }

    [Fact]
    public async Task Without_a_token_or_with_only_the_sign_in_cookie_every_endpoint_answers_401()
    {
        var anonymous = app.NewClient();
        var cookie = await app.ClientForAsync(AppRole.Administrator); // signed in through the pages: not enough for the API
        var own = app.Schools[Relation.Own];

        foreach (var client in new[] { anonymous, cookie })
        {
            var get = await client.GetAsync($"/api/v1/schools/{own}");
            var put = await client.PutAsJsonAsync($"/api/v1/schools/{own}/years/{Year}/values/fulltimeTeachers", new { value = 9 });

            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
            Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", get.Headers.WwwAuthenticate.ToString());
        }

        Assert.False(await app.QueryAsync(db => db.YearlyIndicatorValues.AnyAsync(v => v.Year == Year)));
    }

    [Fact]
    public async Task A_revoked_or_expired_token_stops_at_its_next_request()
    {
        var revoked = await TokenAsync(SchoolTreeFactory.UserName(AppRole.SchoolStaff));
        var expired = await TokenAsync(SchoolTreeFactory.UserName(AppRole.SchoolStaff));
        var url = $"/api/v1/schools/{app.Schools[Relation.Own]}";
        Assert.Equal(HttpStatusCode.OK, (await Bearer(revoked.Secret).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(expired.Secret).GetAsync(url)).StatusCode);

        var outcome = await app.AsAsync<ApiTokens, SchoolAssessment.Shared.CommandOutcome<TokenRow>>(SchoolTreeFactory.UserName(AppRole.SchoolStaff), "/account/tokens",
            (tokens, user) => tokens.RevokeAsync(user, revoked.Token.Id));
        await app.QueryAsync(db => db.PersonalAccessTokens.Where(t => t.Id == expired.Token.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1))));

        Assert.True(outcome.Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(revoked.Secret).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(expired.Secret).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(revoked.Secret[..^2] + "xx").GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_locked_or_rebound_user_s_token_follows_the_user_at_once()
    {
        await app.EnsureSeededAsync();
        string userName = "t-api-moving";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = userName, DisplayName = "调动中的职员", SchoolId = app.Schools[Relation.Own] };
            AccountSetup.Check(await users.CreateAsync(user, SchoolTreeFactory.Password), userName);
            AccountSetup.Check(await users.AddToRoleAsync(user, AppRole.SchoolStaff), userName);
        }

        var client = Bearer((await TokenAsync(userName)).Secret);
        var own = $"/api/v1/schools/{app.Schools[Relation.Own]}";
        var sibling = $"/api/v1/schools/{app.Schools[Relation.Sibling]}";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(own)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(sibling)).StatusCode);

        // Moved to the sibling school by an administrator: the same token now reaches that school and no longer its old one.
        await app.QueryAsync(db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.SchoolId, app.Schools[Relation.Sibling])));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(own)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(sibling)).StatusCode);

        await app.QueryAsync(db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(sibling)).StatusCode);
    }

    [Fact]
    public async Task A_second_save_from_the_same_version_is_a_conflict_naming_who_saved_and_what()
    {
        var leader = await ClientAsync(AppRole.SchoolLeader);
        var staff = await ClientAsync(AppRole.SchoolStaff);
        var url = $"/api/v1/schools/{app.Schools[Relation.Own]}/years/{Year}/values/fulltimeTeachers";

        var first = await leader.PutAsJsonAsync(url, new { value = 12, version = (Guid?)null });
        var saved = await first.Content.ReadFromJsonAsync<ApiIndicatorValue>();
        var second = await staff.PutAsJsonAsync(url, new { value = 13, version = (Guid?)null });
        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        var third = await staff.PutAsJsonAsync(url, new { value = 13, version = saved!.Version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(12m, problem.GetProperty("current").GetProperty("value").GetDecimal());
        Assert.Equal(saved.Version, problem.GetProperty("current").GetProperty("version").GetGuid());
        Assert.Equal(AppRole.SchoolLeader, problem.GetProperty("current").GetProperty("updatedBy").GetString()); // the leader's 姓名 in the fixture
        Assert.Contains(AppRole.SchoolLeader, problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(13m, await app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.Year == Year && v.SchoolId == app.Schools[Relation.Own])
            .Select(v => v.Number).SingleAsync()));
    }

    [Theory]
    [InlineData("\"十二\"")]
    [InlineData("-3")]
    [InlineData("{\"n\": 1}")]
    public async Task A_bad_value_is_refused_with_a_problem_naming_the_field_in_Chinese(string json)
    {
        var leader = await ClientAsync(AppRole.SchoolLeader);
        var url = $"/api/v1/schools/{app.Schools[Relation.Own]}/years/{Year}/values/fulltimeTeachers";

        var response = await leader.PutAsync(url, new StringContent($"{{\"value\": {json}}}", System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("专职教师", problem.GetProperty("errors").GetProperty("value")[0].GetString());
        Assert.False(await app.QueryAsync(db => db.YearlyIndicatorValues.AnyAsync(v => v.Year == Year)));
    }

    [Fact]
    public async Task Unknown_things_are_404_and_a_school_year_reads_back_with_its_versions()
    {
        var admin = await ClientAsync(AppRole.Administrator);
        var own = app.Schools[Relation.Own];

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/schools/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/assessments/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/ledger-lines/999999/status", new { status = "Completed", version = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/v1/schools/{own}/years/{Year}/values/noSuchIndicator", new { value = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/schools/{own}/years/{Year}/gaps/township-six-haves")).StatusCode); // not a county's standard

        var put = await admin.PutAsJsonAsync($"/api/v1/schools/{own}/years/{Year}/values/fulltimeTeachers", new { value = 8 });
        var year = await admin.GetFromJsonAsync<ApiSchoolYear>($"/api/v1/schools/{own}/years/{Year}/values");
        var gaps = await admin.GetFromJsonAsync<ApiGaps>($"/api/v1/schools/{own}/years/{Year}/gaps/optimized-development");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var value = Assert.Single(year!.Values, v => v.Key == "fulltimeTeachers");
        Assert.Equal(8m, ((JsonElement)value.Value!).GetDecimal());
        Assert.Equal((await put.Content.ReadFromJsonAsync<ApiIndicatorValue>())!.Version, value.Version);
        Assert.NotEmpty(gaps!.Gaps);
        Assert.False(gaps.Passed);
    }

    [Fact]
    public async Task Evaluator_scores_are_hidden_from_the_school_until_feedback_and_an_evaluator_writes_with_a_version()
    {
        await app.EnsureSeededAsync();
        // A fresh on-site assessment of the own school, led by the evaluator account.
        var evaluatorId = await app.QueryAsync(db => db.Users.Where(u => u.UserName == SchoolTreeFactory.UserName(AppRole.Evaluator)).Select(u => u.Id).SingleAsync());
        var assessmentId = await app.QueryAsync(async db =>
        {
            var version = await db.StandardVersions.Where(v => v.StandardId == "optimized-development").Select(v => v.Id).FirstAsync();
            var assessment = new Assessment
            {
                SchoolId = app.Schools[Relation.Own], StandardId = "optimized-development", StandardVersionId = version, Year = 2019, State = AssessmentState.OnSite,
            };
            assessment.Evaluators.Add(new AssessmentEvaluator { UserId = evaluatorId, IsLead = false });
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync();
            return assessment.Id;
        });
        var evaluator = await ClientAsync(AppRole.Evaluator);
        var url = $"/api/v1/assessments/{assessmentId}/items/A2/scores/Evaluator";

        var first = await evaluator.PutAsJsonAsync(url, new { comment = "现场查看，资料齐全", version = (Guid?)null });
        var saved = await first.Content.ReadFromJsonAsync<ApiItemScore>();
        var stale = await evaluator.PutAsJsonAsync(url, new { comment = "再次填写", version = (Guid?)null });
        var second = await evaluator.PutAsJsonAsync(url, new { comment = "再次填写", version = saved!.Version });
        var asLeader = await (await ClientAsync(AppRole.SchoolLeader)).GetFromJsonAsync<ApiAssessment>($"/api/v1/assessments/{assessmentId}");
        var asEvaluator = await evaluator.GetFromJsonAsync<ApiAssessment>($"/api/v1/assessments/{assessmentId}");
        var asAdmin = await (await ClientAsync(AppRole.Administrator)).GetFromJsonAsync<ApiAssessment>($"/api/v1/assessments/{assessmentId}");
        var leaderWrites = await (await ClientAsync(AppRole.SchoolLeader)).PutAsJsonAsync(url, new { comment = "学校代填", version = (Guid?)null });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.DoesNotContain(asLeader!.Scores, s => s.Kind == "Evaluator");
        Assert.Contains(asEvaluator!.Scores, s => s.Kind == "Evaluator" && s.Comment == "再次填写");
        Assert.Contains(asAdmin!.Scores, s => s.Kind == "Evaluator" && s.Scorer == AppRole.Evaluator);
        Assert.Equal(HttpStatusCode.Forbidden, leaderWrites.StatusCode);
    }

    [Fact]
    public async Task A_ledger_line_steps_back_only_with_a_reason_and_a_closed_line_keeps_its_text()
    {
        await app.EnsureSeededAsync();
        var own = app.Assessments[Relation.Own];
        var (open, closed) = await app.QueryAsync(async db =>
        {
            var plan = await db.RectificationPlans.Include(p => p.Lines).SingleAsync(p => p.AssessmentId == own);
            RectificationLine Line(string code, RectificationStatus status) => new()
            {
                AssessmentId = own, SchoolId = plan.SchoolId, ItemCode = code, ItemName = "接口事项", DimensionCode = "A", DimensionName = "接口维度",
                Measures = "原措施", Status = status, Position = plan.Lines.Count + (code == "A5" ? 1 : 2),
            };
            var (a, b) = (Line("A5", RectificationStatus.Completed), Line("A6", RectificationStatus.Closed));
            plan.Lines.Add(a);
            plan.Lines.Add(b);
            await db.SaveChangesAsync();
            return (a, b);
        });
        var leader = await ClientAsync(AppRole.SchoolLeader);

        var noReason = await leader.PutAsJsonAsync($"/api/v1/ledger-lines/{open.Id}/status", new { status = "推进中", version = open.ConcurrencyStamp });
        var withReason = await leader.PutAsJsonAsync($"/api/v1/ledger-lines/{open.Id}/status", new { status = "InProgress", reason = "佐证不足，继续整改", version = open.ConcurrencyStamp });
        var locked = await leader.PutAsJsonAsync($"/api/v1/ledger-lines/{closed.Id}", new { measures = "改写已销号事项", version = closed.ConcurrencyStamp });
        var noReasonProblem = JsonDocument.Parse(await noReason.Content.ReadAsStringAsync()).RootElement;
        var lockedProblem = JsonDocument.Parse(await locked.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("原因", noReasonProblem.GetProperty("errors").GetProperty("comment")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        Assert.Equal("InProgress", (await withReason.Content.ReadFromJsonAsync<ApiLedgerLine>())!.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
        Assert.Contains(RectificationRules.TextLockedMessage, lockedProblem.GetProperty("detail").GetString());
        Assert.Equal("原措施", await app.QueryAsync(db => db.RectificationLines.Where(l => l.Id == closed.Id).Select(l => l.Measures).SingleAsync()));
    }

    [Fact]
    public async Task The_OpenAPI_document_and_its_reference_page_are_served_locally_with_a_looser_policy_there_only()
    {
        await app.EnsureSeededAsync();
        var client = app.NewClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var docs = await client.GetAsync("/api/docs/");
        var html = await docs.Content.ReadAsStringAsync();
        var home = await client.GetAsync("/");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/schools/{id}/years/{year}/values/{key}", paths);
        Assert.Contains("/api/v1/ledger-lines/{id}/status", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiTokenAuthentication.SchemeName).GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.DoesNotContain("cdn.jsdelivr", html);
        Assert.Contains("scalar.js", html); // the bundle the package carries, served by the app
        Assert.Contains("'unsafe-inline'", docs.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("'unsafe-inline'", home.Headers.GetValues("Content-Security-Policy").Single().Split("style-src")[0]);
    }

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_only_its_owner_revokes_it()
    {
        var created = await TokenAsync(SchoolTreeFactory.UserName(AppRole.SchoolLeader));
        var listed = await app.AsAsync<ApiTokens, IReadOnlyList<TokenRow>>(SchoolTreeFactory.UserName(AppRole.SchoolLeader), "/account/tokens", (t, u) => t.ListAsync(u));
        var byOther = await app.AsAsync<ApiTokens, SchoolAssessment.Shared.CommandOutcome<TokenRow>>(SchoolTreeFactory.UserName(AppRole.SchoolStaff), "/account/tokens",
            (t, u) => t.RevokeAsync(u, created.Token.Id));
        var stored = await app.QueryAsync(db => db.PersonalAccessTokens.SingleAsync(t => t.Id == created.Token.Id));

        Assert.StartsWith(ApiTokens.SecretPrefix, created.Secret);
        Assert.Contains(listed, t => t.Id == created.Token.Id && created.Secret.StartsWith(t.Hint) && t.Hint.Length < 12);
        Assert.Equal(ApiTokens.Hash(created.Secret), stored.SecretHash);
        Assert.DoesNotContain(created.Secret, JsonSerializer.Serialize(stored));
        Assert.True(byOther.Refused);
        Assert.Null(stored.RevokedAtUtc);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(created.Secret).GetAsync($"/api/v1/schools/{app.Schools[Relation.Own]}")).StatusCode);
    }

    // One token per role for the fixture's life (xunit makes a new instance of this class per test; a user holds at most 20 tokens).
    private static readonly Dictionary<(SchoolTreeFactory, string), HttpClient> Clients = [];

    /// <summary>A save asks whether its target exists only once it is refused: a missing one is still 404 for every role, never 403.</summary>
    [Theory]
    [InlineData(AppRole.Administrator)]
    [InlineData(AppRole.SchoolLeader)]
    public async Task Saving_to_a_school_or_assessment_that_does_not_exist_is_404(string role)
    {
        var client = await ClientAsync(role);

        var value = await client.PutAsJsonAsync("/api/v1/schools/999999/years/2025/values/fulltimeTeachers", new { value = 3, version = (Guid?)null });
        var badValue = await client.PutAsJsonAsync("/api/v1/schools/999999/years/2025/values/fulltimeTeachers", new { value = new[] { 1 } });
        var score = await client.PutAsJsonAsync("/api/v1/assessments/999999/items/A1/scores/Self", new { comment = "无此评估", version = (Guid?)null });

        Assert.Equal(HttpStatusCode.NotFound, value.StatusCode);
        Assert.Contains("党校不存在", await value.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, badValue.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, score.StatusCode);
        Assert.Contains("评估不存在", await score.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> ClientAsync(string role)
    {
        lock (Clients)
        {
            if (Clients.TryGetValue((app, role), out var existing)) return existing;
        }

        var client = Bearer((await TokenAsync(SchoolTreeFactory.UserName(role))).Secret);
        lock (Clients) Clients[(app, role)] = client;
        return client;
    }

    private async Task<CreatedToken> TokenAsync(string userName)
    {
        await app.EnsureSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateForAsync(userName, "测试令牌", 1);
        return outcome.Value ?? throw new InvalidOperationException(string.Join(", ", outcome.Errors.Select(e => e.Message)));
    }

    private HttpClient Bearer(string secret)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
