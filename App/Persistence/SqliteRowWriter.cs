using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace SchoolAssessment.Persistence;

/// <summary>
/// <see cref="BulkInsert"/>'s path on SQLite: one statement of several rows prepared once on the connection's native
/// handle, each value bound by its position. Microsoft.Data.Sqlite looks every parameter up by its name and opens a
/// reader on every execution; in a profile of <c>demo generate</c> that was half the CPU of its bulk inserts.
/// </summary>
/// <remarks>
/// A column is bound as Microsoft.Data.Sqlite binds the parameter EF's type mapping makes for it (its provider value,
/// its SQLite type): integers, booleans and enums as integers, text, reals, times as
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> and GUIDs as upper-case text. A table with a column of any other kind is not
/// written here (<see cref="TryCreate"/> says no) and goes through Microsoft.Data.Sqlite; BulkInsertTests compare the
/// two paths' stored values column by column.
/// </remarks>
internal sealed class SqliteRowWriter : IDisposable
{
    /// <summary>Rows per statement: a step and a reset shared by many rows (a value, not a tuned optimum).</summary>
    public const int RowsPerStatement = 64;

    /// <summary>Distinct texts a column keeps the bytes of.</summary>
    private const int DistinctTexts = 4_096;

    private readonly sqlite3 _db;
    private readonly Binder[] _binders;
    private readonly string _head;
    private readonly string _tuple;
    private sqlite3_stmt? _full;

    private delegate void Binder(sqlite3_stmt statement, int index, object value);

    private SqliteRowWriter(sqlite3 db, Binder[] binders, string head, string tuple) => (_db, _binders, _head, _tuple) = (db, binders, head, tuple);

    /// <summary>A writer for the columns, or null when the connection is not SQLite or a column is of a kind not bound here.</summary>
    public static SqliteRowWriter? TryCreate(System.Data.Common.DbConnection connection, string head, IReadOnlyList<RelationalTypeMapping> mappings,
        IReadOnlyList<IProperty> properties)
    {
        if (connection is not SqliteConnection { Handle: { } db } sqlite) return null;
        var binders = new Binder[mappings.Count];
        using var probe = sqlite.CreateCommand();
        for (var c = 0; c < mappings.Count; c++)
        {
            // The parameter EF would bind, for a value of the column's type: its SQLite type (set by the mapping, else
            // inferred from the value's type) decides how Microsoft.Data.Sqlite stores the value.
            var modelType = Nullable.GetUnderlyingType(mappings[c].ClrType) ?? mappings[c].ClrType;
            object? sample = modelType == typeof(string) ? "" : modelType.IsValueType ? Activator.CreateInstance(modelType) : null;
            if (sample is null) return null;
            var parameter = (SqliteParameter)mappings[c].CreateParameter(probe, "p", sample, properties[c].IsNullable);
            var type = mappings[c].Converter?.ProviderClrType ?? mappings[c].ClrType;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type.IsEnum) type = Enum.GetUnderlyingType(type);
            var binder = BinderFor(type, parameter.SqliteType);
            if (binder is null) return null;
            binders[c] = binder;
        }

        return new SqliteRowWriter(db, binders, head, "(" + string.Join(", ", Enumerable.Repeat("?", mappings.Count)) + ")");
    }

    /// <summary>Writes the rows; <paramref name="valueOf"/> gives a row's provider value for a column (null for NULL).</summary>
    public int Write<T>(IEnumerable<T> rows, Func<T, int, object?> valueOf, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var batch in rows.Chunk(RowsPerStatement))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statement = batch.Length == RowsPerStatement ? _full ??= Prepare(batch.Length) : Prepare(batch.Length);
            try
            {
                var index = 1;
                foreach (var row in batch)
                {
                    for (var c = 0; c < _binders.Length; c++, index++)
                    {
                        if (valueOf(row, c) is { } value) _binders[c](statement, index, value);
                        else Check(raw.sqlite3_bind_null(statement, index));
                    }
                }

                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
                Check(raw.sqlite3_reset(statement));
                written += batch.Length;
            }
            finally
            {
                if (statement != _full) statement.Dispose();
            }
        }

        return written;
    }

    public void Dispose() => _full?.Dispose();

    private sqlite3_stmt Prepare(int rows)
    {
        var text = new System.Text.StringBuilder(_head, _head.Length + rows * (_tuple.Length + 2));
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) text.Append(", ");
            text.Append(_tuple);
        }

        Check(raw.sqlite3_prepare_v2(_db, text.ToString(), out var statement));
        return statement;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>How Microsoft.Data.Sqlite binds a value of this provider type for a parameter of this SQLite type; null for anything else.</summary>
    private static Binder? BinderFor(Type type, SqliteType sqliteType)
    {
        return (Type.GetTypeCode(type), sqliteType) switch
        {
            (TypeCode.Boolean, SqliteType.Integer) => (s, i, v) => Int64(s, i, (bool)v ? 1 : 0),
            (TypeCode.Byte, SqliteType.Integer) => (s, i, v) => Int64(s, i, (byte)v),
            (TypeCode.Int16, SqliteType.Integer) => (s, i, v) => Int64(s, i, Convert.ToInt64(v, CultureInfo.InvariantCulture)),
            (TypeCode.Int32, SqliteType.Integer) => (s, i, v) => Int64(s, i, Convert.ToInt64(v, CultureInfo.InvariantCulture)),
            (TypeCode.Int64, SqliteType.Integer) => (s, i, v) => Int64(s, i, Convert.ToInt64(v, CultureInfo.InvariantCulture)),
            (TypeCode.Double, SqliteType.Real) => (s, i, v) => Real(s, i, (double)v),
            (TypeCode.String, SqliteType.Text) => TextBinder(),
            (TypeCode.DateTime, SqliteType.Text) => TimeBinder(),
            _ when type == typeof(Guid) && sqliteType == SqliteType.Text => (s, i, v) => GuidText(s, i, (Guid)v),
            _ => null,
        };
    }

    /// <summary>
    /// Text as UTF-8, the bytes of each distinct string kept (keys, codes and names repeat on most rows: converting them
    /// every time was most of the binding left in a profile). The empty string goes as a string: an empty span binds NULL.
    /// </summary>
    private static Binder TextBinder()
    {
        var utf8 = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        return (s, i, v) =>
        {
            var text = (string)v;
            if (text.Length == 0)
            {
                Done(raw.sqlite3_bind_text(s, i, text), s);
                return;
            }

            if (!utf8.TryGetValue(text, out var bytes))
            {
                bytes = Encoding.UTF8.GetBytes(text);
                if (utf8.Count < DistinctTexts) utf8[text] = bytes;
            }

            Done(raw.sqlite3_bind_text(s, i, bytes), s);
        };
    }

    /// <summary>Times as Microsoft.Data.Sqlite writes them; the last one's text kept (a load stamps its rows with one time).</summary>
    private static Binder TimeBinder()
    {
        var (last, bytes) = (default(DateTime), Array.Empty<byte>());
        return (s, i, v) =>
        {
            var time = (DateTime)v;
            if (bytes.Length == 0 || time != last || time.Kind != last.Kind)
                (last, bytes) = (time, Encoding.UTF8.GetBytes(time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)));
            Done(raw.sqlite3_bind_text(s, i, bytes), s);
        };
    }

    /// <summary>A GUID as Microsoft.Data.Sqlite writes it for a text parameter: upper-case, with hyphens.</summary>
    private static void GuidText(sqlite3_stmt statement, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        for (var k = 0; k < text.Length; k++)
        {
            if (text[k] is >= (byte)'a' and <= (byte)'f') text[k] -= 'a' - 'A';
        }

        Done(raw.sqlite3_bind_text(statement, index, text), statement);
    }

    private static void Int64(sqlite3_stmt statement, int index, long value) => Done(raw.sqlite3_bind_int64(statement, index, value), statement);

    private static void Real(sqlite3_stmt statement, int index, double value) => Done(raw.sqlite3_bind_double(statement, index, value), statement);

    private static void Done(int rc, sqlite3_stmt statement)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(statement));
    }
}
