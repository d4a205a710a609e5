namespace SchoolAssessment.Features.Audit;

/// <summary>An entity whose every change is written to the audit trail by <see cref="AuditInterceptor"/>.</summary>
public interface IAudited
{
    /// <summary>The key a person reads in the trail, e.g. "2026/fulltimeTeachers".</summary>
    string AuditKey { get; }

    /// <summary>The school the change belongs to, so the trail can be shown per school.</summary>
    int? AuditSchoolId { get; }
}
