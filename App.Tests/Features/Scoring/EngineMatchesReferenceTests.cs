using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Tests.Features.Scoring;

/// <summary>
/// The engine gives what the plain reading of SCORING.md gives (<see cref="ReferenceEngine"/>), to the bit: every
/// score, computed score and shortfall with the same digits and scale, the same statuses, failures and grade, and the
/// same errors for bad data. On random standards (every rule, mode, direction, gate, veto, bonus) and random schools
/// (values of several scales, some missing, some bad, judgements and overrides).
/// </summary>
public class EngineMatchesReferenceTests
{
    private static readonly IndicatorCatalog Catalog = new(
    [
        new Indicator("teachers", "专职教师人数", "Teachers", "师资", IndicatorType.Integer, "人", 0, 1000, null),
        new Indicator("masters", "硕士教师人数", "Masters", "师资", IndicatorType.Integer, "人", 0, 1000, null, Lte: ["teachers"]),
        new Indicator("funds", "业务经费", "Funds", "经费", IndicatorType.Decimal, "万元", 0, 5000, null),
        new Indicator("balance", "经费结余", "Balance", "经费", IndicatorType.Decimal, "万元", -200, 200, null),
        new Indicator("hours", "领导干部讲课课时", "Leader hours", "教学", IndicatorType.Decimal, "课时", 0, 900, null, Lte: ["allHours", "otherHours"]),
        new Indicator("allHours", "主体班次总课时", "All hours", "教学", IndicatorType.Decimal, "课时", 0, 900, null),
        new Indicator("otherHours", "其他课时", "Other hours", "教学", IndicatorType.Decimal, "课时", 0, 900, null),
        new Indicator("share", "比例", "Share", "教学", IndicatorType.Decimal, null, null, null, null),
        new Indicator("campus", "有独立校园", "Campus", "条件", IndicatorType.Boolean, null, null, null, null),
        new Indicator("library", "有图书室", "Library", "条件", IndicatorType.Boolean, null, null, null, null),
        new Indicator("canteen", "有食堂", "Canteen", "条件", IndicatorType.Boolean, null, null, null, null),
        new Indicator("dorm", "有宿舍", "Dorm", "条件", IndicatorType.Boolean, null, null, null, null),
    ]);

    private static readonly string[] Numbers = ["teachers", "masters", "funds", "balance", "hours", "allHours", "otherHours", "share"];
    private static readonly string[] Flags = ["campus", "library", "canteen", "dorm"];

    [Fact]
    public void Each_standard_on_its_own_scores_as_the_reference_to_the_bit()
    {
        var random = new Random(16);
        var (scored, refused) = (0, 0);
        for (var round = 0; round < 1500; round++)
        {
            var standard = RandomStandard(random, round);
            for (var school = 0; school < 8; school++)
            {
                var data = RandomData(random, standard, withJudgements: true);
                var expected = Outcome(() => ReferenceEngine.Score(standard, Catalog, data));
                var actual = Outcome(() => ScoringEngine.Score(standard, Catalog, data));
                AssertSame(expected, actual, $"round {round}, school {school}");
                if (expected.Result is null) refused++;
                else scored++;

                // The values as the app reads stored ones: what the catalogue accepts, checked once, then not again.
                var usable = data with { Indicators = SchoolDataValidator.Usable(Catalog, data.Indicators) };
                AssertSame(Outcome(() => ReferenceEngine.Score(standard, Catalog, usable)), Outcome(() => ScoringEngine.Score(standard, Catalog, usable)), $"round {round}, school {school}, usable");
            }
        }

        // Both paths were taken often: scored schools and refused ones.
        Assert.True(scored > 8000 && refused > 500, $"{scored} scored, {refused} refused");
    }

    [Fact]
    public void Every_standard_in_one_call_scores_as_the_reference_standard_by_standard()
    {
        var random = new Random(61);
        for (var round = 0; round < 600; round++)
        {
            var standards = Enumerable.Range(0, random.Next(1, 4)).Select(i => RandomStandard(random, round * 10 + i)).ToList();
            var data = RandomData(random, standards[0], withJudgements: random.Next(4) == 0);
            var expected = Outcome(() => standards.Select(s => ReferenceEngine.Score(s, Catalog, data)).ToList());
            var actual = Outcome(() => ScoringEngine.Score(standards, Catalog, data));
            Assert.Equal(expected.Errors, actual.Errors);
            if (expected.Result is null) continue;
            Assert.Equal(expected.Result.Count, actual.Result!.Count);
            for (var i = 0; i < expected.Result.Count; i++) AssertSame((expected.Result[i], null), (actual.Result[i], null), $"round {round}, standard {i}");
        }
    }

    [Fact]
    public void Values_checked_once_score_in_one_call_as_the_reference()
    {
        var random = new Random(62);
        for (var round = 0; round < 600; round++)
        {
            var standards = Enumerable.Range(0, random.Next(1, 4)).Select(i => RandomStandard(random, round * 10 + i)).ToList();
            var raw = RandomData(random, standards[0], withJudgements: false);
            var data = raw with { Indicators = SchoolDataValidator.Usable(Catalog, raw.Indicators) };
            var expected = standards.Select(s => ReferenceEngine.Score(s, Catalog, data)).ToList();
            var actual = ScoringEngine.Score(standards, Catalog, data);
            for (var i = 0; i < expected.Count; i++) AssertSame((expected[i], null), (actual[i], null), $"round {round}, standard {i}");
        }
    }

    [Fact]
    public void Values_checked_against_another_catalogue_are_checked_again()
    {
        var data = SchoolData.OfIndicators(SchoolDataValidator.Usable(Catalog, new Dictionary<string, IndicatorValue> { ["masters"] = IndicatorValue.Of(3) }));
        var standard = Support.TestStandards.Standard(Support.TestStandards.Item("A1", 5, new BooleanRule("campus")));

        var error = Assert.Throws<ScoringInputException>(() => ScoringEngine.Score(standard, Support.TestStandards.Catalog, data));

        Assert.Equal("indicators.masters", Assert.Single(error.Errors).Key);
    }

    private static (T? Result, IReadOnlyList<InputError>? Errors) Outcome<T>(Func<T> score)
        where T : class
    {
        try
        {
            return (score(), null);
        }
        catch (ScoringInputException e)
        {
            return (null, e.Errors);
        }
    }

    private static void AssertSame((ScoreResult? Result, IReadOnlyList<InputError>? Errors) expected, (ScoreResult? Result, IReadOnlyList<InputError>? Errors) actual, string at)
    {
        Assert.True(expected.Errors is null == actual.Errors is null, $"{at}: {expected.Errors?.Count} errors expected, {actual.Errors?.Count} given");
        if (expected.Errors is not null)
        {
            Assert.Equal(expected.Errors, actual.Errors);
            return;
        }

        var (e, a) = (expected.Result!, actual.Result!);
        Assert.Same(e.Standard, a.Standard);
        Bits(e.Total, a.Total, $"{at}: total");
        Assert.Same(e.Grade, a.Grade);
        Assert.Equal(e.Dimensions.Count, a.Dimensions.Count);
        for (var d = 0; d < e.Dimensions.Count; d++)
        {
            var (ed, ad) = (e.Dimensions[d], a.Dimensions[d]);
            Assert.Same(ed.Dimension, ad.Dimension);
            Bits(ed.Score, ad.Score, $"{at}: {ed.Code}");
            Assert.Equal((ed.Failed, ed.GateFailed), (ad.Failed, ad.GateFailed));
            Assert.Equal(ed.Items.Count, ad.Items.Count);
            for (var i = 0; i < ed.Items.Count; i++)
            {
                var (ei, ai) = (ed.Items[i], ad.Items[i]);
                var item = $"{at}: {ei.Code} ({ei.Item.Rule})";
                Assert.Same(ei.Item, ai.Item);
                Bits(ei.Score, ai.Score, item + " score");
                Bits(ei.Computed, ai.Computed, item + " computed");
                Bits(ei.Shortfall, ai.Shortfall, item + " shortfall");
                Assert.Equal(ei.Status, ai.Status);
                Assert.Same(ei.Override, ai.Override);
                Assert.Equal(ei.GateFailed, ai.GateFailed);
                Bits(ei.Lost, ai.Lost, item + " lost");
            }
        }

        Assert.Equal(e.VetoFailures, a.VetoFailures);
        Assert.Equal(e.DimensionFailures, a.DimensionFailures);
        Assert.Equal(e.GateFailures, a.GateFailures);
    }

    /// <summary>The same decimal to the bit: digits, scale and sign (2.5 and 2.50 differ).</summary>
    private static void Bits(decimal? expected, decimal? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: {expected} expected, {actual} given");
        if (expected is { } e)
            Assert.True(decimal.GetBits(e).SequenceEqual(decimal.GetBits(actual!.Value)), $"{what}: {e} expected, {actual} given");
    }

    private static decimal Dec(Random random, decimal min, decimal max, int maxScale)
    {
        var scale = random.Next(0, maxScale + 1);
        var steps = (long)((max - min) * Pow10(scale));
        return min + random.NextInt64(0, steps + 1) / Pow10(scale);
    }

    private static decimal Pow10(int scale)
    {
        var p = 1m;
        for (var i = 0; i < scale; i++) p *= 10m;
        return p;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> from) => from[random.Next(from.Count)];

    private static Scale RandomScale(Random random, decimal low, decimal high)
    {
        var direction = random.Next(2) == 0 ? Direction.AtLeast : Direction.AtMost;
        var mode = (ScaleMode)random.Next(4);
        var target = Dec(random, low, high, 3);
        var gap = Dec(random, 0.01m, (high - low) / 2, 2);
        var floor = random.Next(6) == 0 && direction == Direction.AtLeast && target > 0 ? 0m
            : direction == Direction.AtLeast ? target - gap : target + gap;
        var steps = mode == ScaleMode.Steps
            ? Enumerable.Range(0, random.Next(1, 4)).Select(_ => new Step(Dec(random, low, high, 2), random.Next(4) == 0 ? 1m : Dec(random, 0, 1, 2))).ToList()
            : [];
        return new Scale(target, floor, direction, mode, steps);
    }

    private static Item RandomItem(Random random, string code)
    {
        var points = random.Next(3) switch
        {
            0 => random.Next(1, 20),
            1 => Dec(random, 0.5m, 12, 1),
            _ => random.Next(1, 2000) / 100m,
        };
        if (points == 0) points = 1;
        Rule rule = random.Next(9) switch
        {
            0 or 1 or 2 => new ThresholdRule(random.Next(25) == 0 ? "campus" : Pick(random, Numbers), RandomScale(random, -20, 120)),
            3 or 4 => new RatioRule(Pick(random, Numbers), Pick(random, Numbers), RandomScale(random, -1, 3)),
            5 => new BooleanRule(Pick(random, Flags)),
            6 => new ChecklistRule(Flags.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToList(), random.Next(2) == 0 ? ChecklistMode.Linear : ChecklistMode.AllOrNothing),
            7 => new GradedRule([new("A", "好", 1), new("B", "较好", Dec(random, 0, 1, 2)), new("C", "一般", Dec(random, 0, 1, 3))]),
            _ => new JudgementRule(),
        };
        var gate = rule is ThresholdRule or RatioRule && random.Next(6) == 0
            ? new ItemGate(random.Next(2) == 0 ? Direction.AtLeast : Direction.AtMost, Dec(random, -1, 60, 2))
            : null;
        return new Item(code, "项目" + code, points, random.Next(10) == 0, rule, [], null, null, gate);
    }

    private static Standard RandomStandard(Random random, int round)
    {
        var dimensions = Enumerable.Range(0, random.Next(1, 5)).Select(d =>
        {
            var code = ((char)('A' + d)).ToString();
            var bonus = d > 0 && random.Next(8) == 0;
            return new Dimension(code, "维度" + code, !bonus && random.Next(3) == 0 ? Dec(random, 0, 1, 2) : null, bonus,
                Enumerable.Range(1, random.Next(1, 7)).Select(i => RandomItem(random, code + i)).ToList(),
                random.Next(8) == 0 ? new DimensionGate(Dec(random, 0, 1, 2)) : null);
        }).ToList();
        var grades = new List<Grade> { new("excellent", "优秀", Dec(random, 40, 90, 1), true), new("qualified", "合格", Dec(random, 5, 40, 2), true), new("failed", "不合格", 0, false) };
        return new Standard("random-" + round, "随机标准", null, "1", StandardKind.Evaluation, null, grades, dimensions);
    }

    private static SchoolData RandomData(Random random, Standard standard, bool withJudgements)
    {
        var indicators = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var indicator in Catalog.All)
        {
            if (random.Next(6) == 0) continue;
            indicators[indicator.Key] = indicator.Type switch
            {
                IndicatorType.Boolean => IndicatorValue.Of(random.Next(2) == 0),
                // A whole number, sometimes written with a decimal point (8.0).
                IndicatorType.Integer => IndicatorValue.Of(random.Next(3) == 0 ? random.Next(0, 40) + 0.0m : random.Next(0, 60)),
                _ => IndicatorValue.Of(Dec(random, indicator.Min ?? -5, Math.Min(indicator.Max ?? 5, 130), 4)),
            };
        }

        // A part above its whole now and then, not always.
        foreach (var relation in Catalog.Relations)
        {
            if (!indicators.TryGetValue(relation.Key, out var part) || random.Next(10) == 0) continue;
            var whole = relation.Lte!.Sum(k => indicators.TryGetValue(k, out var w) ? w.Number!.Value : 0);
            if (part.Number > whole) indicators[relation.Key] = IndicatorValue.Of(whole);
        }

        // Now and then a bad value: an unknown key, the wrong type, out of bounds, a fraction for a count.
        switch (random.Next(40))
        {
            case 0: indicators["nonsense"] = IndicatorValue.Of(1); break;
            case 1: indicators["campus"] = IndicatorValue.Of(3); break;
            case 2: indicators["funds"] = IndicatorValue.Of(true); break;
            case 3: indicators["teachers"] = IndicatorValue.Of(2.5m); break;
            case 4: indicators["balance"] = IndicatorValue.Of(-300); break;
        }

        var judgements = new Dictionary<string, Judgement>();
        var overrides = new Dictionary<string, ScoreOverride>();
        if (withJudgements)
        {
            foreach (var item in standard.Items)
            {
                if (item.Rule is GradedRule g && random.Next(4) != 0)
                    judgements[item.Code] = Judgement.OfLevel(random.Next(30) == 0 ? "Z" : Pick(random, g.Levels).Code);
                else if (item.Rule is JudgementRule && random.Next(4) != 0)
                    judgements[item.Code] = Judgement.OfScore(random.Next(30) == 0 ? item.Points + 1 : Math.Floor(item.Points * 2 * (decimal)random.NextDouble()) / 2);
                if (random.Next(12) == 0)
                    overrides[item.Code] = new ScoreOverride(random.Next(3) == 0 ? item.Points : Math.Round(item.Points * (decimal)random.NextDouble(), 2), random.Next(30) == 0 ? " " : "现场核实");
            }

            if (random.Next(40) == 0) judgements["Q9"] = Judgement.OfLevel("A");
        }

        return new SchoolData(indicators, judgements, overrides);
    }
}
