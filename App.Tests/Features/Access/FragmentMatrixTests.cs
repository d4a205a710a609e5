using System.Net;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>
/// The fragment endpoints (htmx posts and uploads) posted with no file or a missing field, by every role and by an
/// anonymous visitor: a refused caller gets the bare refusal before anything is read or rendered, whatever the form
/// lacks; an allowed one gets a message, never a 500.
/// </summary>
public class FragmentMatrixTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private const string Anonymous = "anonymous";

    /// <summary>Fragment → who may use it (role → relations), in the access matrix's terms.</summary>
    private static readonly Dictionary<string, Dictionary<string, Relation[]>> Allowed = new()
    {
        ["evidence-upload"] = SchoolMembers, // the school uploads while it self-assesses
        ["self-score"] = SchoolMembers,
        ["evidence-review"] = Nobody, // evaluators review on site; the fixtures are still in self-assessment
        ["plan-line-save"] = SchoolMembers,
        ["plan-line-status"] = SchoolMembers,
        ["plan-line-review"] = new()
        {
            [AppRole.Administrator] = All, [AppRole.Supervisor] = [Relation.Own, Relation.Child], [AppRole.SchoolLeader] = [],
            [AppRole.SchoolStaff] = [], [AppRole.Evaluator] = [Relation.Own],
        },
        ["ledger-upload"] = SchoolMembers,
        // The round pages and the yearly form have no fragments any more: they are interactive, their commands in AccessMatrixTests.
    };

    private static Relation[] All => [Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside];

    private static Dictionary<string, Relation[]> SchoolMembers => new()
    {
        [AppRole.Administrator] = All, [AppRole.Supervisor] = [], [AppRole.SchoolLeader] = [Relation.Own], [AppRole.SchoolStaff] = [Relation.Own],
        [AppRole.Evaluator] = [],
    };

    private static Dictionary<string, Relation[]> Nobody => AppRole.All.ToDictionary(r => r, _ => Array.Empty<Relation>());

    public static TheoryData<string, string, Relation> Cases()
    {
        var data = new TheoryData<string, string, Relation>();
        foreach (var fragment in Allowed.Keys)
            foreach (var identity in AppRole.All.Append(Anonymous))
                foreach (var relation in Enum.GetValues<Relation>())
                    data.Add(fragment, identity, relation);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_fragment_posted_without_its_file_or_field_refuses_first_and_never_fails(string fragment, string identity, Relation relation)
    {
        await app.EnsureSeededAsync();
        var client = identity == Anonymous ? await AnonymousAsync() : await app.ClientForAsync(identity);
        var assessment = app.Assessments[relation];
        var line = app.RectificationLines[relation];
        var url = fragment switch
        {
            "evidence-upload" => $"/assessments/{assessment}/items/A1/evidence",
            "self-score" => $"/assessments/{assessment}/items/A2/Self",
            "evidence-review" => $"/evidence/{app.EvidenceFiles[relation]}/review",
            "plan-line-save" => $"/rectification/lines/{line}",
            "plan-line-status" => $"/rectification/lines/{line}/status",
            "plan-line-review" => $"/rectification/lines/{line}/review",
            "ledger-upload" => $"/assessments/{assessment}/plan/ledger",
            _ => throw new ArgumentException(fragment),
        };

        // Nothing but the antiforgery token: no file, no value, no stamp.
        HttpResponseMessage response;
        if (identity == Anonymous) response = await client.PostAsync(url, new MultipartFormDataContent { { new StringContent("x"), "unused" } });
        else
        {
            var token = await SchoolTreeFactory.TokenAsync(client, "/schools");
            response = await client.PostAsync(url, new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } });
        }

        var body = await response.Content.ReadAsStringAsync();
        var school = await app.SchoolAsync(app.Schools[relation]);
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{identity} {fragment} {relation}: {status}");
        if (identity == Anonymous)
        {
            Assert.True(status is 302 or 401 or 403, $"{fragment} {relation}: {status}");
            Assert.DoesNotContain(school.Name, body);
            Assert.DoesNotContain("fixture.pdf", body);
            return;
        }

        var allowed = Allowed[fragment][identity].Contains(relation);
        if (allowed) Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{identity} {fragment} {relation}: {status}");
            Assert.Contains("无权访问", body);
            Assert.DoesNotContain(school.Name, body);
            Assert.DoesNotContain("fixture.pdf", body);
        }
    }

    /// <summary>A visitor with only the public page's antiforgery token, not following redirects.</summary>
    private async Task<HttpClient> AnonymousAsync()
    {
        var client = app.NewClient();
        var html = await client.GetStringAsync("/quick-check");
        var headers = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body!.GetAttribute("hx-headers")!;
        var token = System.Text.Json.JsonDocument.Parse(headers).RootElement.GetProperty("RequestVerificationToken").GetString()!;
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        return client;
    }
}
