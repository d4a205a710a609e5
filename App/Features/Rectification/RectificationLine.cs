using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Audit;

namespace SchoolAssessment.Features.Rectification;

/// <summary>整改类型: how a gap is fixed.</summary>
public enum RectificationType
{
    Immediate = 1,
    ByDeadline = 2,
    Ongoing = 3,
}

/// <summary>整改状态. 逾期 (overdue) is not a status: it is derived from the deadline (<see cref="RectificationRules.IsOverdue"/>).</summary>
public enum RectificationStatus
{
    NotStarted = 1,
    InProgress = 2,
    Completed = 3,
    Closed = 4,
}

/// <summary>
/// One line of the 整改台账 (DOMAIN.md E.2): a gap of the assessment, what is done about it, by whom and by when.
/// The gap columns are refreshed on every generation; what people wrote is theirs and is never overwritten.
/// </summary>
public sealed class RectificationLine : IAudited
{
    public long Id { get; set; }

    public int PlanId { get; set; }

    public int AssessmentId { get; set; }

    public int SchoolId { get; set; }

    /// <summary>The order of the gap list: veto items first, then by points lost.</summary>
    public int Position { get; set; }

    // The gap, as generated from the assessment's result.
    public required string ItemCode { get; set; }

    public required string ItemName { get; set; }

    public required string DimensionCode { get; set; }

    public required string DimensionName { get; set; }

    public bool Veto { get; set; }

    /// <summary>问题类别, e.g. 师资队伍, 经费保障.</summary>
    public string Category { get; set; } = "";

    /// <summary>存在问题: "专职教师人数 8人 / 目标10人,差2人,失3分".</summary>
    public string Problem { get; set; } = "";

    public string Current { get; set; } = "";

    public string? Target { get; set; }

    public string? Shortfall { get; set; }

    public decimal PointsLost { get; set; }

    /// <summary>The gap no longer appears in the latest result: kept, with what people wrote, and marked.</summary>
    public bool GapResolved { get; set; }

    // What the school writes.
    public string Goal { get; set; } = "";

    public string Measures { get; set; } = "";

    public RectificationType Type { get; set; } = RectificationType.ByDeadline;

    public string ResponsibleLeader { get; set; } = "";

    public string LeadUnit { get; set; } = "";

    public string CooperatingUnits { get; set; } = "";

    public string PersonInCharge { get; set; } = "";

    public DateOnly? Deadline { get; set; }

    public RectificationStatus Status { get; set; } = RectificationStatus.NotStarted;

    /// <summary>整改进度: what has been done so far.</summary>
    public string Progress { get; set; } = "";

    /// <summary>佐证材料: what shows the fix (files are attached as rectification evidence of the item).</summary>
    public string CompletionEvidence { get; set; } = "";

    /// <summary>销号审核意见, with who reviewed and when.</summary>
    public string? ReviewComment { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAtUtc { get; set; }

    public string Remarks { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string AuditKey => $"{AssessmentId}/{ItemCode}";

    public int? AuditSchoolId => SchoolId;
}

internal sealed class RectificationLineConfiguration : IEntityTypeConfiguration<RectificationLine>
{
    public void Configure(EntityTypeBuilder<RectificationLine> builder)
    {
        builder.Property(l => l.ItemCode).HasMaxLength(20);
        builder.Property(l => l.DimensionCode).HasMaxLength(20);
        foreach (var name in new[] { nameof(RectificationLine.ItemName), nameof(RectificationLine.DimensionName), nameof(RectificationLine.Category),
                     nameof(RectificationLine.Current), nameof(RectificationLine.Target), nameof(RectificationLine.Shortfall),
                     nameof(RectificationLine.ResponsibleLeader), nameof(RectificationLine.LeadUnit), nameof(RectificationLine.CooperatingUnits),
                     nameof(RectificationLine.PersonInCharge), nameof(RectificationLine.ReviewedBy) })
        {
            builder.Property(name).HasMaxLength(RectificationRules.ShortText);
        }

        foreach (var name in new[] { nameof(RectificationLine.Problem), nameof(RectificationLine.Goal), nameof(RectificationLine.Measures),
                     nameof(RectificationLine.Progress), nameof(RectificationLine.CompletionEvidence), nameof(RectificationLine.ReviewComment),
                     nameof(RectificationLine.Remarks) })
        {
            builder.Property(name).HasMaxLength(RectificationRules.LongText);
        }

        builder.Property(l => l.Type).HasConversion<int>();
        builder.Property(l => l.Status).HasConversion<int>();
        builder.Property(l => l.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(l => new { l.PlanId, l.ItemCode }).IsUnique();
        builder.HasIndex(l => new { l.SchoolId, l.Status });
        builder.Ignore(l => l.AuditKey);
        builder.Ignore(l => l.AuditSchoolId);
    }
}
