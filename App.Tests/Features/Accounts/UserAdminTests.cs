using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

/// <summary>
/// The administrator's account commands, called as the interactive accounts pages call them (their event handlers,
/// as the circuit's user); signing in with the result goes over HTTP.
/// </summary>
public class UserAdminTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private async Task<T> AsAdministratorAsync<T>(Func<UserAdmin, System.Security.Claims.ClaimsPrincipal, Task<T>> act)
    {
        await app.EnsureSeededAsync();
        return await app.AsAsync(SchoolTreeFactory.UserName(AppRole.Administrator), "/admin/users", act);
    }

    [Fact]
    public async Task A_new_account_gets_a_one_time_password_shown_once_that_must_be_changed()
    {
        var created = await AsAdministratorAsync((admin, user) =>
            admin.CreateAsync(user, new AccountDetails("new-leader", "新校长", AppRole.SchoolLeader, app.Schools[Relation.Sibling])));

        Assert.True(created.Succeeded);
        Assert.Equal(14, created.OneTimePassword!.Length);
        var newUser = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(newUser, "new-leader", created.OneTimePassword)).StatusCode);
        Assert.Equal("/account/password", (await newUser.GetAsync($"/schools/{app.Schools[Relation.Sibling]}")).Headers.Location!.OriginalString);
        // The interactive pages' script still reaches such a user, or no circuit could start.
        Assert.Equal(HttpStatusCode.OK, (await newUser.GetAsync("/_framework/blazor.web.js")).StatusCode);
    }

    [Theory]
    [InlineData(AppRole.SchoolLeader, null, "schoolId", "须绑定一所党校")]
    [InlineData(AppRole.Supervisor, 999999, "schoolId", "编号为 999999 的党校不存在")]
    [InlineData("Nobody", null, "role", "请选择角色")]
    public async Task A_bad_account_is_refused_naming_the_field(string role, int? schoolId, string field, string message)
    {
        var result = await AsAdministratorAsync((admin, user) => admin.CreateAsync(user, new AccountDetails("bad-" + field, "某人", role, schoolId)));

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors.For(field));
        Assert.Null(result.OneTimePassword);
    }

    [Fact]
    public async Task A_changed_role_and_binding_take_effect_at_once()
    {
        var created = await AsAdministratorAsync((admin, user) =>
            admin.CreateAsync(user, new AccountDetails("moving-staff", "调动人员", AppRole.SchoolStaff, app.Schools[Relation.Own])));
        var user = app.NewClient();
        await SchoolTreeFactory.SignInAsync(user, "moving-staff", created.OneTimePassword!);
        var userToken = await SchoolTreeFactory.TokenAsync(user, "/account/password");
        await user.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password", ["__RequestVerificationToken"] = userToken,
            ["Input.Current"] = created.OneTimePassword!, ["Input.New"] = "Moved2026pass", ["Input.Confirm"] = "Moved2026pass",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/schools/{app.Schools[Relation.Sibling]}")).StatusCode);

        var stamp = (await AsAdministratorAsync((admin, caller) => admin.FindAsync(caller, created.UserId!)))!.Value.User.ConcurrencyStamp!;
        var saved = await AsAdministratorAsync((admin, caller) =>
            admin.UpdateAsync(caller, created.UserId!, stamp, new AccountDetails("", "调动人员", AppRole.SchoolLeader, app.Schools[Relation.Sibling])));
        Assert.True(saved.Succeeded);

        // Same cookie, new binding: access is read from the database on every request.
        var again = app.NewClient();
        await SchoolTreeFactory.SignInAsync(again, "moving-staff", "Moved2026pass");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/schools/{app.Schools[Relation.Sibling]}")).StatusCode);

        var stale = await AsAdministratorAsync((admin, caller) =>
            admin.UpdateAsync(caller, created.UserId!, stamp, new AccountDetails("", "过期的修改", AppRole.SchoolStaff, app.Schools[Relation.Own])));
        Assert.False(stale.Succeeded);
        Assert.Contains("已被他人修改", stale.Errors.For("user"));
    }

    [Fact]
    public async Task The_accounts_list_is_searchable_and_marks_locked_accounts()
    {
        var page = await AsAdministratorAsync((admin, user) => admin.ListAsync(user, "t-supervisor", 1));

        var row = Assert.Single(page.Rows);
        Assert.Equal(AppRole.Supervisor, row.Role);
        Assert.Equal("测试县委党校K1", row.SchoolName);
        Assert.False(row.LockedOut);
    }

    [Theory]
    [InlineData(AppRole.Supervisor)]
    [InlineData(AppRole.Evaluator)]
    public async Task Only_an_administrator_s_commands_are_carried_out(string role)
    {
        await app.EnsureSeededAsync();

        var result = await app.AsAsync<UserAdmin, AccountResult>(SchoolTreeFactory.UserName(role), "/admin/users/new",
            (admin, user) => admin.CreateAsync(user, new AccountDetails("sneaky-" + role, "越权", AppRole.Administrator, null)));
        var list = await app.AsAsync<UserAdmin, Paged<UserRow>>(SchoolTreeFactory.UserName(role), "/admin/users", (admin, user) => admin.ListAsync(user, null, 1));

        Assert.True(result.Refused);
        Assert.Empty(list.Rows);
        Assert.Null(await app.QueryAsync(db => db.Users.FirstOrDefaultAsync(u => u.UserName == "sneaky-" + role)));
    }
}
