using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using SchoolAssessment.Persistence;
using SchoolAssessment.Persistence.CompiledModels.Postgres;
using SchoolAssessment.Persistence.CompiledModels.Sqlite;
using SchoolAssessment.Persistence.Postgres;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// The app runs on EF's compiled models (Persistence/CompiledModels, one per engine), not on the model built from the
/// entity configurations at each start. A compiled model is code generated from those configurations: after any model
/// change it must be generated again (<c>.ci/optimize-model</c>, which <c>.ci/add-migration</c> runs too), or the app
/// would read and write with the old one. These fail until it is. Needs no server.
/// </summary>
public class CompiledModelTests
{
    [Fact]
    public void The_SQLite_compiled_model_is_the_model_of_the_configurations()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        AssertCurrent(db, AppDbContextModel.Instance);
    }

    [Fact]
    public void The_PostgreSQL_compiled_model_is_the_model_of_the_configurations()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=none").Options);
        AssertCurrent(db, PostgresAppDbContextModel.Instance);
    }

    private static void AssertCurrent(AppDbContext db, IModel compiled)
    {
        // The context finds its compiled model by itself ([assembly: DbContextModel]), each engine its own.
        Assert.Same(compiled, db.Model);

        var built = db.GetService<IDesignTimeModel>().Model;
        // Equal lists: a difference shows as the first line that differs. Regenerate with .ci/optimize-model.
        Assert.Equal(Describe(built), Describe(compiled));
        Assert.Equal(DescribeTables(built.GetRelationalModel()), DescribeTables(compiled.GetRelationalModel()));
    }

    /// <summary>What the code sees of a model: one line per fact.</summary>
    private static List<string> Describe(IModel model) => model.GetEntityTypes().OrderBy(e => e.Name).SelectMany(e =>
            new[] { $"{e.Name}: {e.ClrType} base {e.BaseType?.Name} owned {e.IsOwned()} filter {e.GetDeclaredQueryFilters().Count}" }
            .Concat(e.GetDeclaredProperties().Select(p =>
                $"{e.Name}.{p.Name}: {p.ClrType} nullable {p.IsNullable} member {p.PropertyInfo?.Name ?? p.FieldInfo?.Name} shadow {p.IsShadowProperty()} " +
                $"generated {p.ValueGenerated} concurrency {p.IsConcurrencyToken} converter {p.GetValueConverter()?.GetType().Name} provider {p.GetProviderClrType()}"))
            .Concat(e.GetDeclaredKeys().Select(k => $"{e.Name} key {Names(k.Properties)} primary {k.IsPrimaryKey()}"))
            .Concat(e.GetDeclaredForeignKeys().Select(f =>
                $"{e.Name} foreign key {Names(f.Properties)} → {f.PrincipalEntityType.Name} {Names(f.PrincipalKey.Properties)} required {f.IsRequired} unique {f.IsUnique} delete {f.DeleteBehavior}"))
            .Concat(e.GetDeclaredNavigations().Select(n => $"{e.Name} navigation {n.Name} → {n.TargetEntityType.Name} collection {n.IsCollection}"))
            .Concat(e.GetDeclaredSkipNavigations().Select(n => $"{e.Name} skip navigation {n.Name} → {n.TargetEntityType.Name}"))
            .Concat(e.GetDeclaredIndexes().Select(i => $"{e.Name} index {Names(i.Properties)} unique {i.IsUnique}")))
        .ToList();

    /// <summary>The tables as the engine sees them (what the read-optimized model keeps of them): one line per fact.</summary>
    private static List<string> DescribeTables(IRelationalModel model) => model.Tables.OrderBy(t => t.SchemaQualifiedName).SelectMany(t =>
            t.Columns.OrderBy(c => c.Name).Select(c => $"{t.SchemaQualifiedName}.{c.Name}: {c.StoreType} nullable {c.IsNullable}")
            .Concat(t.UniqueConstraints.OrderBy(u => u.Name).Select(u => $"{t.SchemaQualifiedName} unique {u.Name} ({Columns(u.Columns)}) primary {u.GetIsPrimaryKey()}"))
            .Concat(t.ForeignKeyConstraints.OrderBy(f => f.Name).Select(f =>
                $"{t.SchemaQualifiedName} foreign key {f.Name} ({Columns(f.Columns)}) → {f.PrincipalTable.SchemaQualifiedName} ({Columns(f.PrincipalColumns)}) {f.OnDeleteAction}"))
            .Concat(t.Indexes.OrderBy(i => i.Name).Select(i => $"{t.SchemaQualifiedName} index {i.Name} ({Columns(i.Columns)}) unique {i.IsUnique} filter {i.Filter}")))
        .ToList();

    private static string Columns(IEnumerable<IColumn> columns) => string.Join(",", columns.Select(c => c.Name));

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(",", properties.Select(p => p.Name));
}
