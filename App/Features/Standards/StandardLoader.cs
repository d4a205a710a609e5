namespace SchoolAssessment.Features.Standards;

/// <summary>
/// Loads a standard file and refuses it, naming the file, the item and the reason, wherever it breaks
/// SCORING.md §1–§2. Every error is collected, so an author fixes a file in one pass.
/// </summary>
public static class StandardLoader
{
    public static Standard LoadFile(string path, IndicatorCatalog catalog) =>
        Parse(Path.GetFileName(path), File.ReadAllText(path), catalog);

    public static Standard Parse(string fileName, string yaml, IndicatorCatalog catalog)
    {
        var dto = YamlFiles.Read<StandardDto>(fileName, yaml);
        var errors = new List<string>();
        void Error(string where, string reason) => errors.Add($"{fileName}: {where}{reason}");

        var expectedId = Path.GetFileNameWithoutExtension(fileName);
        if (string.IsNullOrWhiteSpace(dto.Id)) Error("", "'id' is required");
        else if (dto.Id != expectedId) Error("", $"'id' is '{dto.Id}' but the file is named '{expectedId}.yaml'");
        if (string.IsNullOrWhiteSpace(dto.Name)) Error("", "'name' is required");
        if (string.IsNullOrWhiteSpace(dto.Version)) Error("", "'version' is required");

        StandardKind? kind = dto.Kind switch
        {
            "classification" => StandardKind.Classification,
            "evaluation" => StandardKind.Evaluation,
            _ => null,
        };
        if (kind is null) Error("", $"'kind' must be classification or evaluation, not '{dto.Kind}'");

        var grades = ReadGrades(dto.Grades, Error);

        var dimensions = new List<Dimension>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (dto.Dimensions is not { Count: > 0 }) Error("", "'dimensions' lists no dimension");
        foreach (var d in dto.Dimensions ?? [])
        {
            var where = $"dimension {d.Code ?? "?"}: ";
            if (string.IsNullOrWhiteSpace(d.Code)) Error(where, "'code' is required");
            else if (!codes.Add(d.Code)) Error(where, $"the code '{d.Code}' repeats");
            if (string.IsNullOrWhiteSpace(d.Name)) Error(where, "'name' is required");
            var bonus = d.Bonus ?? false;
            if (d.MinRatio is { } minRatio)
            {
                if (bonus) Error(where, "a bonus dimension has no 'minRatio'");
                if (minRatio is < 0 or > 1) Error(where, $"'minRatio' {minRatio} is outside [0, 1]");
            }

            DimensionGate? gate = null;
            if (d.Gate is { } g)
            {
                if (bonus) Error(where, "a bonus dimension cannot be a gate");
                if (d.MinRatio is not null) Error(where, "a dimension has either 'minRatio' or 'gate', not both");
                if (g.MinRatio is not { } gateRatio) Error(where, "'gate' needs 'minRatio' (the share of the dimension's points it requires)");
                else if (gateRatio is <= 0 or > 1) Error(where, $"'gate.minRatio' {gateRatio} is outside (0, 1]");
                else gate = new DimensionGate(gateRatio);
            }

            var items = new List<Item>();
            if (d.Items is not { Count: > 0 }) Error(where, "'items' lists no item");
            foreach (var i in d.Items ?? [])
            {
                var item = ReadItem(i, catalog, codes, (w, r) => Error(w, r));
                if (item?.Gate is not null && bonus) Error($"item {item.Code}: ", "a bonus item cannot be a gate");
                if (item is not null) items.Add(item);
            }

            dimensions.Add(new Dimension(d.Code ?? "", d.Name?.Trim() ?? "", d.MinRatio, bonus, items, gate));
        }

        if (errors.Count > 0) throw new StandardFileException(errors);
        return new Standard(dto.Id!, dto.Name!.Trim(), dto.NameEn?.Trim(), dto.Version!, kind!.Value,
            dto.Issuer?.Trim(), grades, dimensions);
    }

    private static List<Grade> ReadGrades(List<GradeDto>? dtos, Action<string, string> error)
    {
        var grades = new List<Grade>();
        if (dtos is not { Count: > 0 })
        {
            error("", "'grades' lists no grade");
            return grades;
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in dtos)
        {
            var where = $"grade {g.Code ?? "?"}: ";
            if (string.IsNullOrWhiteSpace(g.Code)) error(where, "'code' is required");
            else if (!codes.Add(g.Code)) error(where, $"the code '{g.Code}' repeats");
            if (string.IsNullOrWhiteSpace(g.Name)) error(where, "'name' is required");
            if (g.Min is null) error(where, "'min' is required");
            if (g.Pass is null) error(where, "'pass' is required");
            grades.Add(new Grade(g.Code ?? "", g.Name?.Trim() ?? "", g.Min ?? 0, g.Pass ?? false));
        }

        for (var n = 1; n < grades.Count; n++)
        {
            if (grades[n].Min >= grades[n - 1].Min)
                error($"grade {grades[n].Code}: ", $"grades must be in descending 'min' order ({grades[n].Min} follows {grades[n - 1].Min})");
        }

        if (grades[^1].Pass) error($"grade {grades[^1].Code}: ", "the last grade is the failing one and must have 'pass: false'");
        return grades;
    }

    /// <summary>An item's gate: its own threshold on the value a threshold or ratio rule reads.</summary>
    private static ItemGate? ReadGate(ItemGateDto g, Rule rule, Action<string> fail)
    {
        if (rule is not (ThresholdRule or RatioRule))
        {
            fail("a 'gate' is only read on a threshold or ratio rule (a yes/no requirement is a veto item)");
            return null;
        }

        if ((g.AtLeast is null) == (g.AtMost is null))
        {
            fail("'gate' needs exactly one of 'atLeast' or 'atMost'");
            return null;
        }

        var gate = g.AtLeast is { } least ? new ItemGate(Direction.AtLeast, least) : new ItemGate(Direction.AtMost, g.AtMost!.Value);
        var scale = rule is ThresholdRule t ? t.Scale : ((RatioRule)rule).Scale;
        if (gate.Direction != scale.Direction)
        {
            fail($"the gate's direction ({(gate.Direction == Direction.AtLeast ? "atLeast" : "atMost")}) differs from the rule's");
            return null;
        }

        // A gate beyond the target could never be met by a school with full points: that is a mistake.
        if (gate.Direction == Direction.AtLeast ? gate.Value > scale.Target : gate.Value < scale.Target)
        {
            fail($"the gate ({NumberText.Of(gate.Value)}) lies beyond the target ({NumberText.Of(scale.Target)})");
            return null;
        }

        return gate;
    }

    private static Item? ReadItem(ItemDto i, IndicatorCatalog catalog, HashSet<string> codes, Action<string, string> error)
    {
        var where = $"item {i.Code ?? "?"}: ";
        var ok = true;
        void Fail(string reason) { error(where, reason); ok = false; }

        if (string.IsNullOrWhiteSpace(i.Code)) Fail("'code' is required");
        else if (!codes.Add(i.Code)) Fail($"the code '{i.Code}' repeats");
        if (string.IsNullOrWhiteSpace(i.Name)) Fail("'name' is required");
        if (i.Points is not { } points) Fail("'points' is required");
        else if (points <= 0) Fail($"'points' must be positive, not {points}");
        else if (decimal.Round(points, 2) != points) Fail($"'points' {points} has more than 2 decimals");

        var rule = i.Rule is null ? null : RuleReader.Read(i.Rule, catalog, Fail);
        if (i.Rule is null) Fail("'rule' is required");

        var gate = i.Gate is null || rule is null ? null : ReadGate(i.Gate, rule, Fail);
        var checks = (i.Checks ?? []).Select(c => c.Trim()).ToList();
        foreach (var check in checks.Where(c => !ItemChecks.All.Contains(c)))
            Fail($"check method '{check}' is not one of {string.Join(", ", ItemChecks.All)}");
        if (checks.Distinct().Count() != checks.Count) Fail("'checks' names a method twice");

        return ok && rule is not null
            ? new Item(i.Code!, i.Name!.Trim(), i.Points!.Value, i.Veto ?? false, rule,
                (i.Evidence ?? []).Select(e => e.Trim()).ToList(), i.Hint?.Trim(), i.Source?.Trim(), gate,
                i.Checks is null ? null : checks)
            : null;
    }
}
