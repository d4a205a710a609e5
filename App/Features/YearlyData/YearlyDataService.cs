using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.QuickCheck;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.YearlyData;

/// <summary>A stored value with its version, as a form shows it.</summary>
public sealed record StoredValue(IndicatorValue Value, Guid Stamp, DateTime UpdatedAtUtc, string UpdatedBy);

/// <summary>One field as saved: its stored value and version, or null when the value was cleared (or, in a conflict, when the other person cleared it).</summary>
public sealed record SavedField(string Key, StoredValue? Stored);

/// <summary>What the yearly form needs to open: the school, whether the user may type into it, and the keys its standards read.</summary>
public sealed record YearlyForm(School School, bool CanEnter, IReadOnlySet<string> UsedKeys);

/// <summary>
/// A school's indicators, entered once per year and scored by every standard of its level. Each field is
/// saved on its own, at once, so a dropped connection loses at most the field being typed.
/// </summary>
public sealed class YearlyDataService(
    IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, StandardLibrary library, SchoolStandards standards, TimeProvider clock,
    RescoreQueue rescoring)
{
    /// <summary>
    /// The form of a school for the user: null when there is no such school; <see cref="OutcomeKind.Refused"/> when they may
    /// not see its data (the refusal is recorded).
    /// </summary>
    public async Task<CommandOutcome<YearlyForm>?> OpenAsync(ClaimsPrincipal user, int schoolId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellationToken);
        if (school is null) return null;
        var scope = await access.ScopeAsync(user, cancellationToken);
        if (!await access.CheckAsync(scope, SchoolAction.View, school, cancellationToken)) return CommandOutcome<YearlyForm>.Denied;
        // The form asks only for what the standards of this school's level read.
        var used = standards.For(school.Level).SelectMany(s => s.IndicatorKeys).ToHashSet(StringComparer.Ordinal);
        return CommandOutcome<YearlyForm>.Ok(new YearlyForm(school, AccessRules.Allows(scope, SchoolAction.EnterData, school), used));
    }

    /// <summary>The live score, grade and gaps of the school-year's values (<see cref="LoadAsync"/>) against every standard of the school's level.</summary>
    public QuickCheckOutcome Score(School school, IReadOnlyDictionary<string, StoredValue> values)
    {
        var data = SchoolData.OfIndicators(SchoolDataValidator.Usable(library.Indicators, ToSchoolData(values).Indicators));
        var outcomes = ScoringEngine.Score(standards.For(school.Level), library.Indicators, data)
            .Select(result => new StandardOutcome(result, GapFinder.Find(result, library.Indicators, data)))
            .ToList();
        return new QuickCheckOutcome([], outcomes) { IsEmpty = values.Count == 0 };
    }

    /// <summary>
    /// The school-year's values: those typed, and those derived from its township schools' stored results (marked
    /// "由下级党校结果汇总", with no version: they are never saved), in place of anything stored under a derived key.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, StoredValue>> LoadAsync(int schoolId, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.YearlyIndicatorValues.AsNoTracking()
            .Where(v => v.SchoolId == schoolId && v.Year == year)
            .ToListAsync(cancellationToken);
        var values = rows.Where(r => library.Indicators.Find(r.IndicatorKey) is not { IsDerived: true })
            .ToDictionary(r => r.IndicatorKey, Stored, StringComparer.Ordinal);
        foreach (var (key, value) in await TownshipRollup.ComputeAsync(db, library.Indicators, schoolId, year, cancellationToken))
            values[key] = new StoredValue(value, Guid.Empty, DateTime.MinValue, DerivedRule.Label);
        return values;
    }

    /// <summary>The years a school has data for, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(int schoolId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.YearlyIndicatorValues.Where(v => v.SchoolId == schoolId).Select(v => v.Year).Distinct()
            .OrderByDescending(y => y).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Saves one field. Empty text removes the value ("not entered", never zero). <paramref name="expectedStamp"/>
    /// is the version the user saw (null: they saw no value); a different stored version is a conflict.
    /// </summary>
    public async Task<CommandOutcome<SavedField>> SaveAsync(ClaimsPrincipal user, int schoolId, int year, string key, string? text, Guid? expectedStamp,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellationToken);
        if (school is null || !await access.CheckAsync(user, SchoolAction.EnterData, school, cancellationToken))
            return CommandOutcome<SavedField>.Denied;

        if (library.Indicators.Find(key) is not { } indicator) return CommandOutcome<SavedField>.Invalid(new FieldError(key, $"未知指标 {key}"));
        if (year is < 2000 or > 2100) return CommandOutcome<SavedField>.Invalid(new FieldError(key, "年度应在 2000–2100 之间"));
        if (indicator.IsDerived) return CommandOutcome<SavedField>.Invalid(new FieldError(key, $"{indicator.Name}由下级党校结果汇总，不能填报"));
        var parsed = Parse(indicator, text);
        if (parsed.Error is not null) return CommandOutcome<SavedField>.Invalid(new FieldError(key, $"{indicator.Name}{parsed.Error}"));
        if (parsed.Value is { } entered && await BrokenRelationAsync(db, schoolId, year, key, entered, cancellationToken) is { } breach)
            return CommandOutcome<SavedField>.Invalid(new FieldError(key, breach));

        var row = await db.YearlyIndicatorValues.FirstOrDefaultAsync(v => v.SchoolId == schoolId && v.Year == year && v.IndicatorKey == key, cancellationToken);
        if (row?.ConcurrencyStamp != expectedStamp)
            return await ConflictAsync(db, indicator, row is null ? null : Stored(row), cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var userName = user.Identity?.Name ?? "";
        if (parsed.Value is not { } value)
        {
            if (row is not null) db.YearlyIndicatorValues.Remove(row);
        }
        else
        {
            if (row is null)
            {
                row = new YearlyIndicatorValue { SchoolId = schoolId, Year = year, IndicatorKey = key };
                db.YearlyIndicatorValues.Add(row);
            }
            else
            {
                db.Entry(row).Property(r => r.ConcurrencyStamp).OriginalValue = expectedStamp!.Value;
            }

            row.Number = value.Number;
            row.Flag = value.Flag;
            row.UpdatedAtUtc = now;
            row.UpdatedBy = userName;
            row.ConcurrencyStamp = Guid.NewGuid();
        }

        // The value, its audit row and the rescore request commit together; the results follow in the background.
        rescoring.Request(db, schoolId, year);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone saved the same field between our read and our write (or created it first).
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.YearlyIndicatorValues.AsNoTracking()
                .FirstOrDefaultAsync(v => v.SchoolId == schoolId && v.Year == year && v.IndicatorKey == key, cancellationToken);
            return await ConflictAsync(fresh, indicator, current is null ? null : Stored(current), cancellationToken);
        }

        rescoring.Signal();
        return CommandOutcome<SavedField>.Ok(new SavedField(key, parsed.Value is null ? null : Stored(row!)));
    }

    /// <summary>Someone saved first: their value and their 姓名, never overwritten.</summary>
    private static async Task<CommandOutcome<SavedField>> ConflictAsync(AppDbContext db, Indicator indicator, StoredValue? current, CancellationToken cancellationToken)
    {
        if (current is null)
            return CommandOutcome<SavedField>.Conflict(new SavedField(indicator.Key, null),
                new FieldError(indicator.Key, $"未保存：他人已清空“{indicator.Name}”，请核对后再输入。"));
        var who = (await PeopleNames.OfAsync(db, [current.UpdatedBy], withRole: false, cancellationToken)).GetValueOrDefault(current.UpdatedBy, current.UpdatedBy);
        return CommandOutcome<SavedField>.Conflict(new SavedField(indicator.Key, current), new FieldError(indicator.Key,
            $"未保存：{who}已于 {current.UpdatedAtUtc.ToLocalTime():HH:mm} 将“{indicator.Name}”改为 {Shown(indicator, current.Value)}，请核对后再输入。"));
    }

    /// <summary>A value as the form shows it: 是/否, or the number and its unit.</summary>
    public static string Shown(Indicator indicator, IndicatorValue value) =>
        value.Flag is { } f ? (f ? "是" : "否") : NumberText.Of(value.Number!.Value) + indicator.Unit;

    /// <summary>The relation of the catalogue that the new value breaks against the school-year's other values, if any.</summary>
    private async Task<string?> BrokenRelationAsync(AppDbContext db, int schoolId, int year, string key, IndicatorValue value, CancellationToken cancellationToken)
    {
        var related = library.Indicators.All
            .Where(i => i.Key == key || i.Lte?.Contains(key) == true)
            .SelectMany(i => (i.Lte ?? []).Prepend(i.Key))
            .Distinct().ToList();
        if (related.Count <= 1) return null;

        var values = (await db.YearlyIndicatorValues.AsNoTracking()
                .Where(v => v.SchoolId == schoolId && v.Year == year && related.Contains(v.IndicatorKey) && v.Number != null)
                .Select(v => new { v.IndicatorKey, v.Number })
                .ToListAsync(cancellationToken))
            .ToDictionary(v => v.IndicatorKey, v => IndicatorValue.Of(v.Number!.Value), StringComparer.Ordinal);
        values[key] = value;
        return SchoolDataValidator.BrokenRelations(library.Indicators, values).FirstOrDefault(b => b.Keys.Contains(key))?.Message;
    }

    /// <summary>Starts a year from the year before: copies every value the new year does not have yet.</summary>
    public async Task<int?> CopyPreviousYearAsync(ClaimsPrincipal user, int schoolId, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellationToken);
        if (school is null || !await access.CheckAsync(user, SchoolAction.EnterData, school, cancellationToken)) return null;

        var existing = await db.YearlyIndicatorValues.Where(v => v.SchoolId == schoolId && v.Year == year).Select(v => v.IndicatorKey).ToListAsync(cancellationToken);
        var previous = await db.YearlyIndicatorValues.AsNoTracking()
            .Where(v => v.SchoolId == schoolId && v.Year == year - 1 && !existing.Contains(v.IndicatorKey))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var v in previous)
        {
            db.YearlyIndicatorValues.Add(new YearlyIndicatorValue
            {
                SchoolId = schoolId, Year = year, IndicatorKey = v.IndicatorKey, Number = v.Number, Flag = v.Flag,
                UpdatedAtUtc = now, UpdatedBy = user.Identity?.Name ?? "",
            });
        }

        db.AuditReason = $"从 {year - 1} 年数据复制";
        if (previous.Count > 0) rescoring.Request(db, schoolId, year);
        await db.SaveChangesAsync(cancellationToken);
        rescoring.Signal();
        return previous.Count;
    }

    /// <summary>The school's stored data as the engine's input, for scoring against each standard of its level.</summary>
    public static SchoolData ToSchoolData(IReadOnlyDictionary<string, StoredValue> values) =>
        SchoolData.OfIndicators(values.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal));

    private static StoredValue Stored(YearlyIndicatorValue row) =>
        new(row.Flag is { } f ? IndicatorValue.Of(f) : IndicatorValue.Of(row.Number!.Value), row.ConcurrencyStamp, row.UpdatedAtUtc, row.UpdatedBy);

    private static (IndicatorValue? Value, string? Error) Parse(Indicator indicator, string? text)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0) return (null, null);
        if (indicator.Type == IndicatorType.Boolean)
            return text switch { "true" => (IndicatorValue.Of(true), null), "false" => (IndicatorValue.Of(false), null), _ => (null, "应选择是或否") };
        if (!NumberText.TryParse(text, out var number)) return (null, NumberText.Refusal(text));
        if (decimal.Round(number, ScaledDecimalConverter.Decimals) != number) return (null, $"最多保留{ScaledDecimalConverter.Decimals}位小数");
        var value = IndicatorValue.Of(number);
        return SchoolDataValidator.Check(indicator, value) is { } error ? (null, error) : (value, null);
    }
}
