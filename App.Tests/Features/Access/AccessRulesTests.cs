using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>The rules alone, over a tree: 1 → 2 (own) → 3 (child); 1 → 4 (sibling); 5 → 6 (outside).</summary>
public class AccessRulesTests
{
    private static readonly Dictionary<Relation, School> Tree = new()
    {
        [Relation.Own] = new School { Id = 2, Name = "own", Region = "", Level = SchoolLevel.County, Path = "/1/2/" },
        [Relation.Child] = new School { Id = 3, ParentId = 2, Name = "child", Region = "", Level = SchoolLevel.Township, Path = "/1/2/3/" },
        [Relation.Sibling] = new School { Id = 4, Name = "sibling", Region = "", Level = SchoolLevel.County, Path = "/1/4/" },
        [Relation.Outside] = new School { Id = 22, Name = "outside", Region = "", Level = SchoolLevel.County, Path = "/5/22/" },
    };

    public enum Relation { Own, Child, Sibling, Outside }

    private static UserScope Scope(string role) =>
        new("someone", role, AppRole.NeedsSchool(role) ? 2 : null, AppRole.NeedsSchool(role) ? "/1/2/" : null);

    [Theory]
    [InlineData(AppRole.Administrator, SchoolAction.View, true, true, true, true)]
    [InlineData(AppRole.Administrator, SchoolAction.Move, true, true, true, true)]
    [InlineData(AppRole.Supervisor, SchoolAction.View, true, true, false, false)]
    [InlineData(AppRole.Supervisor, SchoolAction.Edit, true, true, false, false)]
    [InlineData(AppRole.Supervisor, SchoolAction.CreateChild, true, true, false, false)]
    [InlineData(AppRole.Supervisor, SchoolAction.Move, false, true, false, false)]
    [InlineData(AppRole.SchoolLeader, SchoolAction.View, true, true, false, false)] // its township school, read-only
    [InlineData(AppRole.SchoolLeader, SchoolAction.EnterData, true, false, false, false)]
    [InlineData(AppRole.SchoolLeader, SchoolAction.Edit, false, false, false, false)]
    [InlineData(AppRole.SchoolStaff, SchoolAction.View, true, false, false, false)]
    [InlineData(AppRole.SchoolStaff, SchoolAction.CreateChild, false, false, false, false)]
    [InlineData(AppRole.Evaluator, SchoolAction.View, false, false, false, false)]
    public void Each_role_reaches_exactly_its_part_of_the_tree(string role, SchoolAction action, bool own, bool child, bool sibling, bool outside)
    {
        var scope = Scope(role);

        Assert.Equal(
            [own, child, sibling, outside],
            new[] { Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside }.Select(r => AccessRules.Allows(scope, action, Tree[r])));
    }

    [Fact]
    public void A_path_prefix_is_a_whole_segment_so_school_2_does_not_cover_school_22()
    {
        var school22 = new School { Id = 22, Name = "x", Region = "", Level = SchoolLevel.County, Path = "/1/22/" };

        Assert.False(AccessRules.Allows(new UserScope("s", AppRole.Supervisor, 2, "/1/2/"), SchoolAction.View, school22));
    }

    [Fact]
    public void No_one_signed_out_and_no_unbound_role_reaches_a_school()
    {
        Assert.False(AccessRules.Allows(UserScope.Anonymous, SchoolAction.View, Tree[Relation.Own]));
        Assert.False(AccessRules.Allows(new UserScope("s", AppRole.Supervisor, null, null), SchoolAction.View, Tree[Relation.Own]));
        Assert.False(AccessRules.Allows(new UserScope("s", null, 2, "/1/2/"), SchoolAction.View, Tree[Relation.Own]));
    }
}
