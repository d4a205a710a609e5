namespace SchoolAssessment.Shared;

/// <summary>A page of a longer list; the database does the paging.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
