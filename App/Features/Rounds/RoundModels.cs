using System.Globalization;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Rounds;

/// <summary>A round as the organiser enters it; a null is a field left empty or not understood.</summary>
public sealed record RoundDetails(string? Name, string? StandardId, int? OwnerSchoolId, int? Year, DateOnly? StartsOn, DateOnly? EndsOn, string? Notes);

/// <summary>The columns the rounds list sorts by.</summary>
public enum RoundSort
{
    Year,
    Name,
    StartsOn,
}

/// <summary>Which page of the rounds list, searched (name or organiser) and sorted; the newest year first by default.</summary>
public sealed record RoundListQuery(int Page = 1, int PageSize = 30, string? Search = null, RoundSort Sort = RoundSort.Year, bool Descending = true);

/// <summary>How a user stands to one round: organiser (manages it), or reader of some of its schools, or neither.</summary>
public sealed record RoundAccess(bool MayManage, bool MayRead)
{
    public static RoundAccess None { get; } = new(false, false);
}

/// <summary>One line of the rounds list; <paramref name="Schools"/> counts the schools of the round the user may see.</summary>
public sealed record RoundRow(int Id, string Name, string StandardId, int Year, string OwnerName, DateOnly StartsOn, DateOnly EndsOn, int Schools);

public sealed record TeamMember(string UserName, string DisplayName, bool IsLead);

/// <summary>One school of a round: its assessment, visit date and team.</summary>
public sealed record RoundSchool(int AssessmentId, int SchoolId, string SchoolName, string Region, SchoolLevel Level, AssessmentState State,
    DateOnly? ScheduledOn, Guid Stamp, IReadOnlyList<TeamMember> Team);

/// <summary>A school the round may still take in; one whose assessment of that standard and year is in another round is not added.</summary>
public sealed record EligibleSchool(int Id, string Name, string Region, SchoolLevel Level, bool InOtherRound);

/// <summary>What adding schools did: new assessments, existing ones linked, ones already in, ones kept in another round.</summary>
public sealed record AddedSchools(int Created, int Linked, int AlreadyIn, int InOtherRounds)
{
    public string Summary => $"新建评估 {Created} 项,关联已有评估 {Linked} 项"
        + (AlreadyIn > 0 ? $",{AlreadyIn} 所已在本轮次中" : "")
        + (InOtherRounds > 0 ? $";{InOtherRounds} 所党校的同年度评估已属于其他轮次,未加入" : "");
}

/// <summary>How many of the round's schools (that the user may see) are in each state.</summary>
public sealed record RoundProgress(IReadOnlyDictionary<AssessmentState, int> Counts)
{
    public int Total => Counts.Values.Sum();

    public int this[AssessmentState state] => Counts.GetValueOrDefault(state);
}

public static class RoundDates
{
    /// <summary>A date as a date input sends it (2025-06-18), or as people type it; null when it is not one.</summary>
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
