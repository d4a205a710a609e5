using FsCheck;
using FsCheck.Fluent;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

/// <summary>Whatever the rule and value: a score stays within [0, points], and never falls as a value moves toward its target.</summary>
public class ScoringPropertyTests
{
    private sealed record Case(Scale Scale, decimal Points, int Value, int Closer);

    private static readonly Gen<Case> Cases =
        from direction in Gen.Elements(Direction.AtLeast, Direction.AtMost)
        from mode in Gen.Elements(ScaleMode.Linear, ScaleMode.AllOrNothing, ScaleMode.HalfCap, ScaleMode.Steps)
        from target in Gen.Choose(0, 200)
        from gap in Gen.Choose(1, 100)
        from cents in Gen.Choose(1, 2000)
        from value in Gen.Choose(0, 400)
        from step in Gen.Choose(0, 200)
        from marks in Gen.ListOf(Gen.Choose(0, 200).Zip(Gen.Choose(0, 100)), 3)
        let floor = direction == Direction.AtLeast ? target - gap : target + gap
        let steps = marks.Select(m => new Step(m.Item1, m.Item2 / 100m)).ToList()
        let closer = direction == Direction.AtLeast ? value + step : value - step
        select new Case(new Scale(target, floor, direction, mode, mode == ScaleMode.Steps ? steps : []), cents / 100m, value, closer);

    private static ItemResult ScoreValue(Case c, int value) =>
        ScoringEngine.Score(
            Standard(Item("P1", c.Points, new ThresholdRule("funds", c.Scale))),
            new IndicatorCatalog([new Indicator("funds", "经费", "Funds", "经费", IndicatorType.Decimal, null, -1000, 1000, null)]),
            Data(("funds", (decimal)value))).Items.Single();

    [Fact]
    public void A_score_stays_within_zero_and_the_item_s_points()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var result = ScoreValue(c, c.Value);
            return result.Score >= 0 && result.Score <= c.Points && result.Lost >= 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_score_never_falls_when_the_value_moves_toward_the_target()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
            ScoreValue(c, c.Closer).Score >= ScoreValue(c, c.Value).Score).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_value_at_or_beyond_the_target_is_met_for_every_mode_but_steps()
    {
        Prop.ForAll(Cases.Where(c => c.Scale.Mode != ScaleMode.Steps).ToArbitrary(), c =>
        {
            var beyond = c.Scale.Direction == Direction.AtLeast ? (int)c.Scale.Target + Math.Abs(c.Value) % 50 : (int)c.Scale.Target - Math.Abs(c.Value) % 50;
            var result = ScoreValue(c, beyond);
            return result.Status == ItemStatus.Met && result.Score == c.Points && result.Shortfall is null;
        }).QuickCheckThrowOnFailure();
    }
}
