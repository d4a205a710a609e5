using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Accounts;

namespace SchoolAssessment.Features.Api;

/// <summary>
/// A personal access token (个人访问令牌) for <c>/api/v1</c>: it acts as its user, with exactly the rights the user has
/// at the moment of each request. Only the SHA-256 of its secret is stored; the secret is shown once, at creation.
/// </summary>
public sealed class PersonalAccessToken
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public required string Name { get; set; }

    /// <summary>The SHA-256 of the secret, hex: the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The first characters of the secret, so its owner can tell their tokens apart.</summary>
    public required string Hint { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    /// <summary>When it was last used, to the hour (written at most once an hour, so the API's load does not write here).</summary>
    public DateTime? LastUsedAtUtc { get; set; }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.Property(t => t.UserId).HasMaxLength(450);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.UserId);
    }
}
