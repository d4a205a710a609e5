using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Dashboards;

/// <summary>Before any school is registered, the administrator's dashboard is empty, not a refusal.</summary>
public class EmptyRegistryTests(EmptyRegistryTests.Factory app) : IClassFixture<EmptyRegistryTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Enabled", "false");
    }

    [Fact]
    public async Task An_administrator_with_no_schools_gets_no_picture_and_no_recorded_refusal()
    {
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(AccountSetup.AdministratorUserName);
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(admin!);

        var picture = await scope.ServiceProvider.GetRequiredService<SupervisorDashboardService>().LoadAsync(principal, new DashboardFilter());

        Assert.Null(picture);
        Assert.False(await app.QueryAsync(db => db.SecurityEvents.AnyAsync()));
    }
}
