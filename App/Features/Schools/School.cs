namespace SchoolAssessment.Features.Schools;

/// <summary>The level of a Party school in the three-level system; a child is always of a lower level.</summary>
public enum SchoolLevel
{
    Provincial = 1,
    City = 2,
    County = 3,
    Township = 4,
}

/// <summary>A Party school in the registry tree: province or city → county-level → township.</summary>
public sealed class School : SchoolAssessment.Features.Audit.IAudited
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public SchoolLevel Level { get; set; }

    /// <summary>The administrative region, e.g. 安徽省阜阳市临泉县.</summary>
    public required string Region { get; set; }

    public int? ParentId { get; set; }

    public School? Parent { get; set; }

    /// <summary>
    /// The ids from the root down to this school, zero-padded ("/0000001/0000005/0000023/"): a subtree is
    /// every path that starts with this one, so "all schools under a city" is one indexed prefix query on
    /// any database, and sorting by path lists the tree in order.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>The path of a school with this id under a parent of the given path (null: a root).</summary>
    public static string PathUnder(string? parentPath, int id) =>
        $"{parentPath ?? "/"}{id.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)}/";

    /// <summary>Demo data (示例), created on the embedded default and shown as such.</summary>
    public bool IsDemo { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Changed on every save: two people editing one school cannot overwrite each other silently.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string AuditKey => Name;

    public int? AuditSchoolId => Id > 0 ? Id : null;

    public bool IsInSubtreeOf(string ancestorPath) => Path.StartsWith(ancestorPath, StringComparison.Ordinal);
}
