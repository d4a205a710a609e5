using Bunit;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Accounts.Admin;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

/// <summary>The administrator binds an account to a school by searching its name (MudAutocomplete), in bunit.</summary>
public class UserEditPageTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    public async Task InitializeAsync()
    {
        await app.EnsureSeededAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.Administrator));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    [Fact]
    public async Task A_new_account_is_bound_to_the_school_found_by_its_name_and_gets_a_one_time_password()
    {
        var popovers = page.Popovers();
        var cut = page.Bunit.Render<UserEdit>();

        cut.Find("#userName").Change("found-staff");
        cut.Find("#displayName").Change("查找绑定");
        cut.Find("#school").Input("县委党校K2");
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")), TimeSpan.FromSeconds(10));
        var option = Assert.Single(popovers.FindAll(".mud-list-item"));
        Assert.Contains("测试县委党校K2（县级党校）", option.TextContent);
        option.Click();
        cut.Find("[data-role=save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-role=one-time-password] code")), TimeSpan.FromSeconds(10));
        var stored = await app.QueryAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.UserName == "found-staff"));
        Assert.Equal(app.Schools[Relation.Sibling], stored.SchoolId);
        Assert.True(stored.MustChangePassword);
        Assert.Contains("已保存", page.Snackbars);
    }

    [Fact]
    public async Task A_staff_account_without_a_school_is_refused_under_the_school_field()
    {
        var cut = page.Bunit.Render<UserEdit>();

        cut.Find("#userName").Change("no-school");
        cut.Find("#displayName").Change("未绑定");
        cut.Find("[data-role=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("须绑定一所党校", cut.Markup));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.UserName == "no-school")));
    }
}
