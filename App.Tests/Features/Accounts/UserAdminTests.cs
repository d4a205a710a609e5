using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

/// <summary>The accounts page, driven over HTTP by an administrator.</summary>
public class UserAdminTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private async Task<(HttpClient Client, string Token)> AdminAsync()
    {
        var client = await app.ClientForAsync(AppRole.Administrator);
        return (client, await SchoolTreeFactory.TokenAsync(client, "/admin/users"));
    }

    private static FormUrlEncodedContent Account(string token, string? userName, string displayName, string role, int? schoolId, string? stamp = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "account", ["__RequestVerificationToken"] = token, ["Input.DisplayName"] = displayName, ["Input.Role"] = role,
            ["Input.SchoolId"] = schoolId?.ToString() ?? "",
        };
        if (userName is not null) fields["Input.UserName"] = userName;
        if (stamp is not null) fields["Input.ConcurrencyStamp"] = stamp;
        return new FormUrlEncodedContent(fields);
    }

    [Fact]
    public async Task A_new_account_gets_a_one_time_password_shown_once_that_must_be_changed()
    {
        var (client, token) = await AdminAsync();

        var response = await client.PostAsync("/admin/users/new", Account(token, "new-leader", "新校长", AppRole.SchoolLeader, app.Schools[Relation.Sibling]));

        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var password = page.QuerySelector("[data-role=one-time-password] code")!.TextContent;
        Assert.Equal(14, password.Length);

        var newUser = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(newUser, "new-leader", password)).StatusCode);
        Assert.Equal("/account/password", (await newUser.GetAsync($"/schools/{app.Schools[Relation.Sibling]}")).Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(AppRole.SchoolLeader, null, "schoolId", "须绑定一所党校")]
    [InlineData(AppRole.Supervisor, 999999, "schoolId", "编号为 999999 的党校不存在")]
    [InlineData("Nobody", null, "role", "请选择角色")]
    public async Task A_bad_account_is_refused_naming_the_field(string role, int? schoolId, string field, string message)
    {
        var (client, token) = await AdminAsync();

        var response = await client.PostAsync("/admin/users/new", Account(token, "bad-" + field, "某人", role, schoolId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.QuerySelector($"[data-field-error={field}]")!.TextContent);
    }

    [Fact]
    public async Task A_changed_role_and_binding_take_effect_at_once()
    {
        var (client, token) = await AdminAsync();
        var created = await client.PostAsync("/admin/users/new", Account(token, "moving-staff", "调动人员", AppRole.SchoolStaff, app.Schools[Relation.Own]));
        var password = new HtmlParser().ParseDocument(await created.Content.ReadAsStringAsync()).QuerySelector("[data-role=one-time-password] code")!.TextContent;
        var user = app.NewClient();
        await SchoolTreeFactory.SignInAsync(user, "moving-staff", password);
        var userToken = await SchoolTreeFactory.TokenAsync(user, "/account/password");
        await user.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password", ["__RequestVerificationToken"] = userToken,
            ["Input.Current"] = password, ["Input.New"] = "Moved2026pass", ["Input.Confirm"] = "Moved2026pass",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/schools/{app.Schools[Relation.Sibling]}")).StatusCode);

        var list = new HtmlParser().ParseDocument(await client.GetStringAsync("/admin/users?q=moving-staff"));
        var editUrl = list.QuerySelector("tr[data-user=moving-staff] a")!.GetAttribute("href")!;
        var form = new HtmlParser().ParseDocument(await client.GetStringAsync("/" + editUrl));
        var stamp = form.QuerySelector("input[name='Input.ConcurrencyStamp']")!.GetAttribute("value")!;
        var saved = await client.PostAsync("/" + editUrl, Account(token, null, "调动人员", AppRole.SchoolLeader, app.Schools[Relation.Sibling], stamp));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Same cookie, new binding: access is read from the database on every request.
        var again = app.NewClient();
        await SchoolTreeFactory.SignInAsync(again, "moving-staff", "Moved2026pass");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/schools/{app.Schools[Relation.Sibling]}")).StatusCode);

        var stale = await client.PostAsync("/" + editUrl, Account(token, null, "过期的修改", AppRole.SchoolStaff, app.Schools[Relation.Own], stamp));
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("已被他人修改", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_accounts_list_is_searchable_and_marks_locked_accounts()
    {
        var (client, _) = await AdminAsync();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/admin/users?q=t-supervisor"));

        var row = Assert.Single(page.QuerySelectorAll("tr[data-user]"));
        Assert.Contains("上级主管", row.TextContent);
        Assert.Contains("测试县委党校K1", row.TextContent);
    }
}
