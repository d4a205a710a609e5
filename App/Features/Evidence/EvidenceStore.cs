using System.Buffers;
using System.Security.Cryptography;

namespace SchoolAssessment.Features.Evidence;

/// <summary>
/// Content-addressed storage for evidence files, outside the web root: a file lives at
/// <c>root/ab/cd/abcd…</c> named by the SHA-256 of its bytes, so the same content is stored once and a
/// stored file can never be changed in place. Names, owners and kinds belong in the database, not here.
/// </summary>
public sealed class EvidenceStore(string root)
{
    private const int BufferSize = 81920;

    public string Root { get; } = string.IsNullOrWhiteSpace(root)
        ? throw new ArgumentException("The store needs a root directory.", nameof(root))
        : Path.GetFullPath(root);

    /// <summary>
    /// Copies <paramref name="content"/> from its current position to the end into the store. The copy is
    /// hashed as it is written to a temporary file in the root (same volume), flushed to disk, then renamed
    /// into place, so a reader never sees a half-written file.
    /// </summary>
    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            var (sha256, length) = await CopyHashingAsync(content, temp, cancellationToken);
            var target = PathOf(sha256);
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(temp, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another upload of the same content got there first; its file is this one. (Were the rename
                    // to replace it instead, it would replace it with the same bytes, atomically.)
                }
            }
            return new StoredFile(sha256, length);
        }
        finally
        {
            File.Delete(temp); // no-op once moved
        }
    }

    /// <summary>Opens a stored file for reading; throws <see cref="FileNotFoundException"/> if it is not stored.</summary>
    public Stream OpenRead(string sha256)
    {
        var path = PathOf(sha256);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException("No evidence file is stored under this hash.", path, e);
        }
    }

    /// <summary>Whether a file is stored under this hash; a malformed hash throws, as for <see cref="OpenRead"/>.</summary>
    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// The only place a path is built from a hash, and only from exactly 64 lower-case hex characters, so no
    /// value a caller passes can name a file outside the root.
    /// </summary>
    private string PathOf(string sha256)
    {
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("A SHA-256 must be 64 lower-case hexadecimal characters.", nameof(sha256));
        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256);
    }

    private static async Task<(string Sha256, long Length)> CopyHashingAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length += read;
            }
            // Evidence must survive a power cut once the upload has been acknowledged.
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
