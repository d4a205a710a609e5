using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Schools;

/// <summary>The registry's commands against the real database: validation, paths, transactions, concurrency.</summary>
public class SchoolRegistryTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private async Task<(SchoolRegistry Registry, AsyncServiceScope Scope)> RegistryAsync()
    {
        await app.EnsureSeededAsync();
        var scope = app.Services.CreateAsyncScope();
        return (scope.ServiceProvider.GetRequiredService<SchoolRegistry>(), scope);
    }

    private async Task<ClaimsPrincipal> UserAsync(AsyncServiceScope scope, string role)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByNameAsync(SchoolTreeFactory.UserName(role)))!);
    }

    [Fact]
    public async Task A_new_school_gets_its_path_under_its_parent()
    {
        var (registry, scope) = await RegistryAsync();
        await using var _ = scope;

        var result = await registry.CreateAsync(await UserAsync(scope, AppRole.Supervisor), app.Schools[Relation.Own],
            new SchoolDetails("  新设镇党校  ", SchoolLevel.Township, "测试地区新设镇"));

        Assert.True(result.Succeeded);
        var own = await app.SchoolAsync(app.Schools[Relation.Own]);
        var created = await app.SchoolAsync(result.Value!.Id);
        Assert.Equal($"{own.Path}{created.Id:D7}/", created.Path);
        Assert.Equal("新设镇党校", created.Name);
    }

    [Theory]
    [InlineData("", SchoolLevel.Township, "地区", "name")]
    [InlineData("名称", SchoolLevel.Township, " ", "region")]
    [InlineData("名称", SchoolLevel.City, "地区", "level")] // a city school cannot sit under a county school
    public async Task Bad_details_are_refused_naming_the_field_and_nothing_is_written(string name, SchoolLevel level, string region, string field)
    {
        var (registry, scope) = await RegistryAsync();
        await using var _ = scope;
        var before = await CountAsync();

        var result = await registry.CreateAsync(await UserAsync(scope, AppRole.Administrator), app.Schools[Relation.Own], new SchoolDetails(name, level, region));

        Assert.Contains(result.Errors, e => e.Field == field);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Only_an_administrator_creates_a_root_school()
    {
        var (registry, scope) = await RegistryAsync();
        await using var _ = scope;

        var refused = await registry.CreateAsync(await UserAsync(scope, AppRole.Supervisor), null, new SchoolDetails("新省委党校", SchoolLevel.Provincial, "新省"));
        var created = await registry.CreateAsync(await UserAsync(scope, AppRole.Administrator), null, new SchoolDetails("新省委党校", SchoolLevel.Provincial, "新省"));

        Assert.True(refused.Refused);
        Assert.True(created.Succeeded);
        Assert.Equal($"/{created.Value!.Id:D7}/", created.Value.Path);
    }

    [Fact]
    public async Task Moving_a_school_moves_its_whole_subtree()
    {
        var (registry, scope) = await RegistryAsync();
        await using var _ = scope;
        var admin = await UserAsync(scope, AppRole.Administrator);
        var county = (await registry.CreateAsync(admin, app.RootId, new SchoolDetails("待迁县委党校", SchoolLevel.County, "地区"))).Value!;
        var township = (await registry.CreateAsync(admin, county.Id, new SchoolDetails("待迁镇党校", SchoolLevel.Township, "地区"))).Value!;
        var target = await app.SchoolAsync(app.Schools[Relation.Sibling]);
        var targetCity = await app.SchoolAsync(target.ParentId!.Value);

        var moved = await registry.MoveAsync(admin, county.Id, (await app.SchoolAsync(county.Id)).ConcurrencyStamp, targetCity.Id);

        Assert.True(moved.Succeeded);
        Assert.Equal($"{targetCity.Path}{county.Id:D7}/", (await app.SchoolAsync(county.Id)).Path);
        Assert.Equal($"{targetCity.Path}{county.Id:D7}/{township.Id:D7}/", (await app.SchoolAsync(township.Id)).Path);
        Assert.Equal(targetCity.Id, (await app.SchoolAsync(county.Id)).ParentId);
    }

    [Fact]
    public async Task A_school_cannot_move_under_its_own_subtree_or_a_wrong_level()
    {
        var (registry, scope) = await RegistryAsync();
        await using var _ = scope;
        var admin = await UserAsync(scope, AppRole.Administrator);
        var own = await app.SchoolAsync(app.Schools[Relation.Own]);
        var city = await app.SchoolAsync(own.ParentId!.Value);

        var intoChild = await registry.MoveAsync(admin, city.Id, city.ConcurrencyStamp, app.Schools[Relation.Child]);
        var underCounty = await registry.MoveAsync(admin, own.Id, own.ConcurrencyStamp, app.Schools[Relation.Sibling]);

        Assert.Contains(intoChild.Errors, e => e.Field == "parent");
        Assert.Contains(underCounty.Errors, e => e.Field == "parent");
        Assert.Equal(own.Path, (await app.SchoolAsync(own.Id)).Path);
    }

    [Fact]
    public async Task The_second_of_two_edits_from_the_same_version_gets_a_conflict_not_an_overwrite()
    {
        var (registry, scope) = await RegistryAsync();
        await using var _ = scope;
        var admin = await UserAsync(scope, AppRole.Administrator);
        var school = (await registry.CreateAsync(admin, app.RootId, new SchoolDetails("并发县委党校", SchoolLevel.County, "地区"))).Value!;
        var stamp = (await app.SchoolAsync(school.Id)).ConcurrencyStamp;

        var first = await registry.UpdateAsync(admin, school.Id, stamp, new SchoolDetails("甲改的名称", SchoolLevel.County, "地区"));
        var second = await registry.UpdateAsync(admin, school.Id, stamp, new SchoolDetails("乙改的名称", SchoolLevel.County, "地区"));

        Assert.True(first.Succeeded);
        Assert.True(second.Conflicted);
        Assert.Equal("甲改的名称", second.Value?.Name);
        Assert.Equal("甲改的名称", (await app.SchoolAsync(school.Id)).Name);
    }

    private async Task<int> CountAsync()
    {
        return await app.QueryAsync(db => db.Schools.CountAsync());
    }
}
