using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standards;

/// <summary>The shipped standards are complete, as the product promises, not a sample.</summary>
public class SeedStandardsTests
{
    public static TheoryData<string> CountyStandards => ["optimized-development", "provincial-evaluation"];

    [Fact]
    public void The_three_standards_load_and_validate()
    {
        Assert.Equal(["optimized-development", "provincial-evaluation", "township-six-haves"], SeedLibrary.Value.Standards.Select(s => s.Id));
    }

    [Theory]
    [MemberData(nameof(CountyStandards))]
    public void A_county_standard_has_25_to_50_items_over_6_to_9_dimensions_adding_up_to_100(string id)
    {
        var standard = SeedLibrary.Get(id);
        var scored = standard.Dimensions.Where(d => !d.Bonus).ToList();

        Assert.InRange(scored.Count, 6, 9);
        Assert.InRange(scored.Sum(d => d.Items.Count), 25, 50);
        Assert.Equal(100, standard.Max);
        Assert.Contains(standard.Items, i => i.Veto);
    }

    [Fact]
    public void The_provincial_standard_has_a_bonus_dimension_and_half_cap_items()
    {
        var standard = SeedLibrary.Get("provincial-evaluation");

        Assert.Contains(standard.Dimensions, d => d.Bonus && d.Max > 0);
        Assert.Contains(standard.Items, i => i.Rule is ThresholdRule { Scale.Mode: ScaleMode.HalfCap } or RatioRule { Scale.Mode: ScaleMode.HalfCap });
    }

    [Fact]
    public void The_township_standard_covers_the_six_haves()
    {
        var standard = SeedLibrary.Get("township-six-haves");
        var names = string.Join(" ", standard.Dimensions.Select(d => d.Name));

        Assert.Equal(100, standard.Max);
        foreach (var have in new[] { "组织机构", "场地设施", "师资队伍", "培训计划", "管理制度", "经费保障" })
            Assert.Contains(have, names);
    }

    [Theory]
    [InlineData("fulltimeTeachers", 10)]
    [InlineData("parttimeTeachers", 30)]
    [InlineData("famousTeachers", 2)]
    [InlineData("traineeBeds", 100)]
    [InlineData("diningSeats", 200)]
    [InlineData("trainingBases", 20)]
    [InlineData("researchReports", 2)]
    [InlineData("papersPublished", 3)]
    [InlineData("businessFunds", 50)]
    [InlineData("countyLeaderLectures", 6)]
    [InlineData("forumSessions", 4)]
    [InlineData("electiveTopics", 6)]
    public void Every_quantitative_target_of_seed_001_is_an_item_with_that_target(string indicator, decimal target)
    {
        var standard = SeedLibrary.Get("optimized-development");

        var item = Assert.Single(standard.Items, i => i.Rule is ThresholdRule t && t.Indicator == indicator);
        Assert.Equal(target, ((ThresholdRule)item.Rule).Scale.Target);
    }

    [Theory]
    [InlineData("lectureHallSeats", 200)]
    [InlineData("multimediaClassrooms", 2)]
    [InlineData("discussionRooms", 3)]
    [InlineData("libraryVolumes", 2)]
    [InlineData("courseSystemDomains", 5)]
    public void Requirements_once_buried_in_help_text_are_rules(string indicator, decimal target)
    {
        var item = Assert.Single(SeedLibrary.Get("optimized-development").Items, i => i.Rule is ThresholdRule t && t.Indicator == indicator);
        Assert.Equal(target, ((ThresholdRule)item.Rule).Scale.Target);
    }

    [Theory]
    [InlineData("threeNameplates")]
    [InlineData("schoolIndependentlySet")]
    [InlineData("departmentTrainingAtSchool")]
    [InlineData("methodLecture")]
    [InlineData("methodCase")]
    [InlineData("methodInteractive")]
    [InlineData("methodExperiential")]
    [InlineData("methodSimulation")]
    [InlineData("specialTrainingFund")]
    public void The_requirements_of_seeds_000_and_001_are_scored(string indicator)
    {
        Assert.Contains(SeedLibrary.Get("optimized-development").Items, i => i.Rule.IndicatorKeys.Contains(indicator));
    }

    [Fact]
    public void Business_funds_are_counted_in_ten_thousand_yuan()
    {
        Assert.Equal("万元", SeedLibrary.Value.Indicators["businessFunds"].Unit);
    }

    [Theory]
    [InlineData("optimized-development")]
    [InlineData("provincial-evaluation")]
    [InlineData("township-six-haves")]
    public void Every_item_carries_evidence_a_hint_and_a_source(string id)
    {
        foreach (var item in SeedLibrary.Get(id).Items)
        {
            Assert.True(item.Evidence.Count > 0, $"{id} {item.Code} has no evidence");
            Assert.False(string.IsNullOrWhiteSpace(item.Hint), $"{id} {item.Code} has no hint");
            Assert.False(string.IsNullOrWhiteSpace(item.Source), $"{id} {item.Code} has no source");
            Assert.True(item.CheckMethods.Count > 0, $"{id} {item.Code} names no check method");
        }
    }

    [Theory]
    [InlineData("optimized-development")]
    [InlineData("provincial-evaluation")]
    [InlineData("township-six-haves")]
    public void Every_source_names_a_seed_file_a_domain_section_or_a_proposed_default(string id)
    {
        foreach (var item in SeedLibrary.Get(id).Items)
        {
            var references = SourceTitles.References(item.Source);
            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.True(SourceTitles.IsKnown(r), $"{id} {item.Code}: unknown source '{r}'"));
        }
    }

    [Fact]
    public void Seed_001_s_twenty_training_bases_stay_twenty_in_every_standard_that_cites_it()
    {
        foreach (var standard in SeedLibrary.Value.Standards)
        {
            foreach (var item in standard.Items.Where(i => i.Rule is ThresholdRule { Indicator: "trainingBases" }))
                Assert.Equal(20, ((ThresholdRule)item.Rule).Scale.Target);
        }
    }

    [Theory]
    [InlineData("optimized-development", 70.82, "notAttained")]
    [InlineData("provincial-evaluation", 73.69, "qualified")]
    [InlineData("township-six-haves", 79.25, "attained")]
    public void The_documented_examples_score_as_docs_say(string id, decimal total, string grade)
    {
        var json = File.ReadAllText(Path.Combine(SeedLibrary.RepositoryRoot, "docs", "examples", id + ".json"));

        var result = ScoringEngine.Score(SeedLibrary.Get(id), SeedLibrary.Value.Indicators, ScoringJson.ReadInput(json));

        Assert.Equal(total, result.Total);
        Assert.Equal(grade, result.Grade.Code);
    }
}
