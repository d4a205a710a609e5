using Bunit;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Api;
using SchoolAssessment.Features.Api.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Api;

/// <summary>The API 令牌 page in bunit: a token is made, its secret shown once, listed without it, and revoked.</summary>
public class ApiTokensPageTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    public async Task InitializeAsync()
    {
        await app.EnsureSeededAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolStaff));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    [Fact]
    public async Task A_new_token_s_secret_is_shown_once_then_only_its_start_and_it_can_be_revoked()
    {
        var cut = page.Bunit.Render<ApiTokensPage>();

        cut.Find("#token-name").Change("页面测试令牌");
        cut.Find("[data-role=create-token]").Click();
        cut.WaitForAssertion(() => Assert.StartsWith(ApiTokens.SecretPrefix, cut.Find("[data-role=secret]").TextContent.Trim()));
        var secret = cut.Find("[data-role=secret]").TextContent.Trim();
        var stored = await app.QueryAsync(db => db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.Name == "页面测试令牌"));
        var again = page.Bunit.Render<ApiTokensPage>(); // the page opened anew

        Assert.Equal(ApiTokens.Hash(secret), stored.SecretHash);
        Assert.Contains("令牌已生成", page.Snackbars);
        Assert.Contains("页面测试令牌", again.Find("[data-role=token-list]").TextContent);
        Assert.DoesNotContain(secret, again.Markup);
        Assert.Contains(stored.Hint, again.Markup);

        // Revoking asks first; confirmed, the token stops.
        var popovers = page.Bunit.Render<MudBlazor.MudDialogProvider>();
        again.Find($"[data-role=revoke][data-token='{stored.Id}']").Click();
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll("button")));
        popovers.FindAll("button").First(b => b.TextContent.Contains("撤销")).Click();
        again.WaitForAssertion(() => Assert.Contains("已撤销", again.Find("[data-role=token-list]").TextContent));
        Assert.NotNull(await app.QueryAsync(db => db.PersonalAccessTokens.Where(t => t.Id == stored.Id).Select(t => t.RevokedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_under_the_name_field()
    {
        var cut = page.Bunit.Render<ApiTokensPage>();

        cut.Find("[data-role=create-token]").Click();

        cut.WaitForAssertion(() => Assert.Contains("令牌名称：请填写用途", cut.Markup));
        Assert.Empty(cut.FindAll("[data-role=secret]"));
        Assert.False(await app.QueryAsync(db => db.PersonalAccessTokens.AnyAsync(t => t.Name == "")));
    }
}
