using Mlops.Core.Errors;

namespace Mlops.Core.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a part:
/// the bytes go to a temporary file in the same folder, are flushed to disk, then renamed over the target.
/// A failure (including an exception thrown by the caller's writer) removes the temporary file and leaves
/// the target untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>Prefix of the temporary files, so a crashed writer's leftovers are recognisable.</summary>
    public const string TempPrefix = ".tmp-";

    public static void WriteAllText(string path, string text) => Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Refuses a target that is a folder before any work is done: the rename at the end would fail only after
    /// minutes of calibration or a parity proof.
    /// </summary>
    public static void RefuseFolder(string path, string where)
    {
        if (Directory.Exists(path))
            throw new MlopsException($"'{path}' is a folder; give the path of the file to write", where);
    }

    /// <summary>Copies <paramref name="source"/> from its current position into <paramref name="path"/>.</summary>
    public static void CopyFrom(string path, Stream source) => Write(path, source.CopyTo);

    /// <summary>Lets <paramref name="write"/> fill the file through a stream; commits only if it returns
    /// normally.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temp = CreateTempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Commit(temp, path);
        }
        catch (Exception error)
        {
            TryDelete(temp);
            if (error is IOException or UnauthorizedAccessException)
                throw new MlopsException($"could not write the file: {error.Message}", path, error);
            throw;
        }
    }

    public static async Task WriteAsync(
        string path,
        Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellation = default
    )
    {
        var temp = CreateTempPath(path);
        try
        {
            await using (
                var stream = new FileStream(
                    temp,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 16,
                    useAsync: true
                )
            )
            {
                await write(stream, cancellation).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            Commit(temp, path);
        }
        catch (Exception error)
        {
            TryDelete(temp);
            if (error is IOException or UnauthorizedAccessException)
                throw new MlopsException($"could not write the file: {error.Message}", path, error);
            throw;
        }
    }

    /// <summary>The rename that makes the new content visible, then the folder entry made durable.</summary>
    private static void Commit(string temp, string path)
    {
        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(temp)!);
    }

    private static string CreateTempPath(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"could not create the folder: {error.Message}", folder, error);
        }
        // Same folder as the target so the final rename never crosses file systems.
        return Path.Combine(folder, $"{TempPrefix}{Path.GetFileName(full)}-{Guid.NewGuid():N}");
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        { /* the original error matters more */
        }
    }
}
