using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SchoolAssessment.Persistence;

/// <summary>Stores times as UTC and marks them UTC when read, whatever the provider keeps.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
