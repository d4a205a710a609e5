using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Standings;

/// <summary>
/// One school's live result against one standard for one year, recomputed whenever its yearly data changes
/// (<see cref="ResultRecorder"/>). Derived data, so not audited: the yearly values it comes from are.
/// </summary>
public sealed class SchoolResult
{
    public long Id { get; set; }

    public int SchoolId { get; set; }

    public School? School { get; set; }

    public required string StandardId { get; set; }

    public int Year { get; set; }

    public decimal Total { get; set; }

    public decimal Max { get; set; }

    public required string GradeCode { get; set; }

    public required string GradeName { get; set; }

    public bool Passed { get; set; }

    public int VetoFailures { get; set; }

    /// <summary>
    /// Items with status Missing. From yearly data alone this includes the graded and judgement items, which only
    /// evaluators score on site.
    /// </summary>
    public int ItemsMissing { get; set; }

    /// <summary>
    /// Each dimension as JSON: [{"code":"A","name":"…","score":10.5,"max":12,"failed":false}, …]. Read per displayed
    /// row only (<see cref="ReadDimensions"/>); a column per dimension would differ by standard.
    /// </summary>
    public string Dimensions { get; set; } = "[]";

    public DateTime ComputedAtUtc { get; set; }

    public List<SchoolItemResult> Items { get; set; } = [];

    public IReadOnlyList<DimensionScore> ReadDimensions() =>
        DimensionScore.Read(Dimensions);
}

/// <summary>A dimension's score within a <see cref="SchoolResult"/>.</summary>
public sealed record DimensionScore(string Code, string Name, decimal Score, decimal Max, bool Failed)
{
    // camelCase as the dashboards read it; Chinese kept as text so the column is readable in SQL too.
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<DimensionScore> dimensions) => JsonSerializer.Serialize(dimensions.ToList(), Json);

    /// <summary>The dimensions of a stored result's JSON, for the rows a page shows.</summary>
    public static IReadOnlyList<DimensionScore> Read(string json) => JsonSerializer.Deserialize<List<DimensionScore>>(json, Json) ?? [];
}

/// <summary>
/// One item of a <see cref="SchoolResult"/>, denormalised (school, standard, year) so "which requirement do most
/// schools miss" is one GROUP BY.
/// </summary>
public sealed class SchoolItemResult
{
    public long Id { get; set; }

    public long SchoolResultId { get; set; }

    public int SchoolId { get; set; }

    public required string StandardId { get; set; }

    public int Year { get; set; }

    public required string ItemCode { get; set; }

    public decimal Score { get; set; }

    public decimal Lost { get; set; }

    /// <summary>The engine's <c>ItemStatus.Met</c>.</summary>
    public bool Met { get; set; }

    public bool Veto { get; set; }
}

internal sealed class SchoolResultConfiguration : IEntityTypeConfiguration<SchoolResult>
{
    public void Configure(EntityTypeBuilder<SchoolResult> builder)
    {
        builder.Property(r => r.StandardId).HasMaxLength(100);
        builder.Property(r => r.GradeCode).HasMaxLength(50);
        builder.Property(r => r.GradeName).HasMaxLength(50);
        builder.HasOne(r => r.School).WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.SchoolResultId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.SchoolId, r.StandardId, r.Year }).IsUnique();
        builder.HasIndex(r => new { r.StandardId, r.Year, r.Total });
    }
}

internal sealed class SchoolItemResultConfiguration : IEntityTypeConfiguration<SchoolItemResult>
{
    public void Configure(EntityTypeBuilder<SchoolItemResult> builder)
    {
        builder.Property(i => i.StandardId).HasMaxLength(100);
        builder.Property(i => i.ItemCode).HasMaxLength(20);
        builder.HasIndex(i => new { i.StandardId, i.Year, i.ItemCode });
        builder.HasIndex(i => i.SchoolResultId);
    }
}
