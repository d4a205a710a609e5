using System.Text.Json;

namespace SchoolAssessment.Features.Api;

// The shapes of /api/v1. Enumerations travel as their names ("OnSite") with the Chinese label beside them, people as
// their 姓名, times in UTC, versions as the row's concurrency stamp (send it back to write).

public sealed record ApiPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public sealed record ApiSchool(int Id, string Name, string Level, string LevelName, string Region, int? ParentId, string? ParentName);

/// <summary>One indicator of a school-year. <see cref="Version"/> is null for a derived value (summed from the township schools: never written).</summary>
public sealed record ApiIndicatorValue(string Key, string Name, string? Unit, object? Value, Guid? Version, DateTime? UpdatedAtUtc, string? UpdatedBy, bool Derived);

public sealed record ApiSchoolYear(int SchoolId, int Year, IReadOnlyList<ApiIndicatorValue> Values);

/// <summary>A value to store: a number, true/false, or null (or "") to clear it; <see cref="Version"/> as last read (null: there was no value).</summary>
public sealed record ApiValueWrite(JsonElement? Value, Guid? Version);

public sealed record ApiGap(
    string ItemCode, string ItemName, string DimensionCode, string DimensionName, decimal Points, decimal Lost, bool Veto, bool Gate,
    string Current, string? Target, string? Shortfall, string Description);

public sealed record ApiGaps(int SchoolId, int Year, string StandardId, string StandardName, decimal Total, decimal Max, string Grade, bool Passed,
    IReadOnlyList<ApiGap> Gaps, IReadOnlyList<ApiGap> NotYetAssessed);

public sealed record ApiAssessmentRow(int Id, int SchoolId, string SchoolName, string StandardId, int Year, string State, string StateName);

public sealed record ApiItem(string Code, string Name, decimal Points, string Rule);

/// <summary>A party's score of an item; <see cref="Scorer"/>: the evaluator's 姓名 for an evaluator score, else null.</summary>
public sealed record ApiItemScore(
    string ItemCode, string Kind, string? Scorer, string? Level, decimal? Judged, decimal? OverrideScore, string? OverrideReason, string? Comment,
    Guid Version, DateTime UpdatedAtUtc);

public sealed record ApiAssessment(
    int Id, int SchoolId, string SchoolName, string StandardId, string StandardName, int Year, string State, string StateName,
    IReadOnlyList<ApiItem> Items, IReadOnlyList<ApiItemScore> Scores);

public sealed record ApiScoreWrite(string? Level, decimal? Judged, decimal? OverrideScore, string? OverrideReason, string? Comment, Guid? Version);

public sealed record ApiLedgerLine(
    long Id, int AssessmentId, string ItemCode, string ItemName, string Status, string StatusName, string Type, string TypeName,
    string Category, string Goal, string Measures, string ResponsibleLeader, string LeadUnit, string CooperatingUnits, string PersonInCharge,
    DateOnly? Deadline, string Progress, string CompletionEvidence, string Remarks, string? ReviewComment, string? ReviewedBy,
    Guid Version, DateTime UpdatedAtUtc);

/// <summary>The text of a line; a field left out (null) keeps what is stored.</summary>
public sealed record ApiLineWrite(
    string? Category, string? Goal, string? Measures, string? Type, string? ResponsibleLeader, string? LeadUnit, string? CooperatingUnits,
    string? PersonInCharge, string? Deadline, string? Progress, string? CompletionEvidence, string? Remarks, Guid Version);

/// <summary>A status (NotStarted, InProgress, Completed, or 未启动/推进中/已完成); a step back needs a <see cref="Reason"/>.</summary>
public sealed record ApiStatusWrite(string? Status, string? Reason, Guid Version);
