namespace SchoolAssessment.Features.Standards;

/// <summary>Turns a rule's YAML into a <see cref="Rule"/>, reporting every way it breaks SCORING.md §2.</summary>
internal static class RuleReader
{
    public static Rule? Read(RuleDto r, IndicatorCatalog catalog, Action<string> fail)
    {
        var failed = false;
        void Fail(string reason) { failed = true; fail(reason); }

        Rule? rule = r.Type switch
        {
            "threshold" => ReadScale(r, Fail) is { } s ? new ThresholdRule(Numeric(r.Indicator, "indicator", catalog, Fail), s) : null,
            "ratio" => ReadScale(r, Fail) is { } s
                ? new RatioRule(Numeric(r.Numerator, "numerator", catalog, Fail), Numeric(r.Denominator, "denominator", catalog, Fail), s)
                : null,
            "boolean" => new BooleanRule(Boolean(r.Indicator, "indicator", catalog, Fail)),
            "checklist" => ReadChecklist(r, catalog, Fail),
            "graded" => ReadGraded(r, Fail),
            "judgement" => new JudgementRule(),
            _ => null,
        };
        if (r.Type is not ("threshold" or "ratio" or "boolean" or "checklist" or "graded" or "judgement"))
            Fail($"rule type '{r.Type}' is not one of threshold, ratio, boolean, checklist, graded, judgement");

        return failed ? null : rule;
    }

    private static Scale? ReadScale(RuleDto r, Action<string> fail)
    {
        var ok = true;
        void Fail(string reason) { ok = false; fail(reason); }

        Direction? direction = r.Direction switch
        {
            null or "atLeast" => Direction.AtLeast,
            "atMost" => Direction.AtMost,
            _ => null,
        };
        if (direction is null) Fail($"'direction' must be atLeast or atMost, not '{r.Direction}'");

        ScaleMode? mode = r.Mode switch
        {
            null or "linear" => ScaleMode.Linear,
            "allOrNothing" => ScaleMode.AllOrNothing,
            "halfCap" => ScaleMode.HalfCap,
            "steps" => ScaleMode.Steps,
            _ => null,
        };
        if (mode is null) Fail($"'mode' must be linear, allOrNothing, halfCap or steps, not '{r.Mode}'");

        if (r.Target is null) Fail("a threshold or ratio rule needs a 'target'");
        var target = r.Target ?? 0;
        var floor = r.Floor ?? 0;

        // halfCap is half of what linear gives, so it needs linear's floor on the right side of the target.
        if (mode is ScaleMode.Linear or ScaleMode.HalfCap && r.Target is not null)
        {
            if (direction == Direction.AtLeast && floor >= target)
                Fail($"a {ModeName(mode.Value)} rule needs floor < target (floor {floor}, target {target})");
            if (direction == Direction.AtMost && floor <= target)
                Fail($"a {ModeName(mode.Value)} atMost rule needs floor > target (floor {floor}, target {target})");
        }

        var steps = new List<Step>();
        if (mode == ScaleMode.Steps)
        {
            if (r.Steps is not { Count: > 0 }) Fail("a steps rule needs a 'steps' list");
            foreach (var s in r.Steps ?? [])
            {
                if (s.At is null || s.Ratio is null) Fail("each step needs 'at' and 'ratio'");
                else if (s.Ratio is < 0 or > 1) Fail($"step ratio {s.Ratio} is outside [0, 1]");
                else steps.Add(new Step(s.At.Value, s.Ratio.Value));
            }
        }
        else if (r.Steps is { Count: > 0 })
        {
            Fail("'steps' is only read with mode: steps");
        }

        return ok ? new Scale(target, floor, direction!.Value, mode!.Value, steps) : null;
    }

    private static ChecklistRule? ReadChecklist(RuleDto r, IndicatorCatalog catalog, Action<string> fail)
    {
        ChecklistMode? mode = r.Mode switch
        {
            null or "linear" => ChecklistMode.Linear,
            "allOrNothing" => ChecklistMode.AllOrNothing,
            _ => null,
        };
        if (mode is null) fail($"a checklist's 'mode' must be linear or allOrNothing, not '{r.Mode}'");
        if (r.Indicators is not { Count: > 0 }) fail("a checklist needs an 'indicators' list");
        var keys = (r.Indicators ?? []).Select(k => Boolean(k, "indicators", catalog, fail)).ToList();
        if (keys.Distinct().Count() != keys.Count) fail("a checklist names an indicator twice");
        return mode is null ? null : new ChecklistRule(keys, mode.Value);
    }

    private static GradedRule? ReadGraded(RuleDto r, Action<string> fail)
    {
        if (r.Levels is not { Count: > 0 })
        {
            fail("a graded rule needs a 'levels' list");
            return null;
        }

        var levels = new List<GradeLevel>();
        foreach (var l in r.Levels)
        {
            if (string.IsNullOrWhiteSpace(l.Code) || string.IsNullOrWhiteSpace(l.Name) || l.Ratio is null)
                fail("each level needs 'code', 'name' and 'ratio'");
            else if (l.Ratio is < 0 or > 1) fail($"level {l.Code}: ratio {l.Ratio} is outside [0, 1]");
            else if (levels.Any(x => x.Code == l.Code)) fail($"level code '{l.Code}' repeats");
            else levels.Add(new GradeLevel(l.Code, l.Name.Trim(), l.Ratio.Value));
        }

        return new GradedRule(levels);
    }

    private static string Numeric(string? key, string field, IndicatorCatalog catalog, Action<string> fail) =>
        Indicator(key, field, catalog, fail, i => i.IsNumeric, "integer or decimal");

    private static string Boolean(string? key, string field, IndicatorCatalog catalog, Action<string> fail) =>
        Indicator(key, field, catalog, fail, i => i.Type == IndicatorType.Boolean, "boolean");

    private static string Indicator(string? key, string field, IndicatorCatalog catalog, Action<string> fail,
        Func<Indicator, bool> fits, string expected)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            fail($"'{field}' is required");
            return "";
        }

        var indicator = catalog.Find(key);
        if (indicator is null) fail($"indicator '{key}' is not in the catalogue");
        else if (!fits(indicator)) fail($"indicator '{key}' is {indicator.Type.ToString().ToLowerInvariant()}, but this rule needs {expected}");
        return key;
    }

    private static string ModeName(ScaleMode mode) => mode == ScaleMode.HalfCap ? "halfCap" : "linear";
}
