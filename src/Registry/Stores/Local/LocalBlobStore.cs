using Mlops.Core.Errors;

namespace Mlops.Registry.Stores.Local;

/// <summary>
/// A bucket in a local folder, with GCS semantics and safe for many processes at once.
/// Each object is a plain file; its generation is the file's modification time in ticks, set before
/// the file is renamed into place, so content and generation always change together (one rename).
/// Writes go to a temporary file first, then a striped cross-process lock covers only the
/// precondition check and the rename.
/// </summary>
public sealed class LocalBlobStore : IBlobStore, ILeftoverCleaner
{
    internal const string InternalFolder = ".mlops-store";
    private const string LiveSuffix = ".live";
    private readonly string _root;
    private readonly string _tmp;
    private readonly StripedFileLocks _locks;

    public LocalBlobStore(string rootFolder)
    {
        _root = Path.GetFullPath(rootFolder);
        _tmp = Path.Combine(_root, InternalFolder, "tmp");
        Uri = new Uri(_root + "/").AbsoluteUri.TrimEnd('/');
        if (File.Exists(_root))
            throw new MlopsException("this is a file; a file:// registry is a folder", Uri);
        // Nothing is created until the first write: reading a mistyped path must not leave a new registry behind.
        _locks = new StripedFileLocks(Path.Combine(_root, InternalFolder, "locks"));
    }

    public string Uri { get; }

    public string RootFolder => _root;

    public async Task<BlobInfo> PutAsync(
        string name,
        Stream content,
        WriteCondition condition,
        CancellationToken cancellationToken = default
    )
    {
        var target = PathOf(name);
        CreateTemporaryFolder();
        var temporary = Path.Combine(_tmp, Guid.NewGuid().ToString("N"));
        // The writer holds an exclusive lock on <temporary>.lock for as long as <temporary> may exist:
        // that is how gc tells a live writer's file from a dead one's. (Not a lock on the data file
        // itself: readers take shared locks on objects, and the data file becomes the object.)
        using var alive = new FileStream(
            temporary + LiveSuffix,
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            1,
            FileOptions.DeleteOnClose
        );
        try
        {
            await using (
                var file = new FileStream(
                    temporary,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 16,
                    FileOptions.Asynchronous
                )
            )
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            using (_locks.Acquire(name))
            {
                var current = StatFile(name, target);
                EnsureHolds(name, condition, current);
                var generation = Math.Max(DateTime.UtcNow.Ticks, (current?.Generation ?? 0) + 1);
                File.SetLastWriteTimeUtc(temporary, new DateTime(generation, DateTimeKind.Utc));
                MoveIntoPlace(temporary, target);
                var written = StatFile(name, target)
                    ?? throw new IOException($"{target} vanished right after it was written");
                if (current is not null && written.Generation <= current.Generation)
                    throw new MlopsException(
                        "this filesystem keeps modification times too coarsely to tell writes apart; put the "
                            + "registry on ext4, xfs, btrfs or tmpfs",
                        target
                    );
                return written;
            }
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    public async Task<BlobInfo> ReadAsync(
        string name,
        Stream destination,
        ByteRange? range = null,
        CancellationToken cancellationToken = default
    )
    {
        var path = PathOf(name);
        FileStream file;
        try
        {
            file = new FileStream(
                path,
                FileMode.Open,
                FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete,
                1 << 16,
                FileOptions.Asynchronous
            );
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(name);
        }
        await using (file)
        {
            // Generation and length from the open handle: the same inode the bytes come from.
            var info = new BlobInfo(
                name,
                File.GetLastWriteTimeUtc(file.SafeFileHandle).Ticks,
                file.Length,
                new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle))
            );
            if (range is { } r)
            {
                file.Seek(Math.Min(r.Offset, file.Length), SeekOrigin.Begin);
                await CopyAtMostAsync(file, destination, r.Length ?? long.MaxValue, cancellationToken);
            }
            else
            {
                await file.CopyToAsync(destination, cancellationToken);
            }
            return info;
        }
    }

    public Task<BlobInfo?> StatAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(StatFile(name, PathOf(name)));

    public Task<BlobPage> ListAsync(
        string prefix,
        string? delimiter = null,
        string? pageToken = null,
        int pageSize = 1000,
        CancellationToken cancellationToken = default
    )
    {
        BlobNames.ValidatePrefix(prefix);
        var folder = Path.Combine(_root, prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "");
        var objects = Directory.Exists(folder)
            ? Snapshot(folder).OrderBy(blob => blob.Name, StringComparer.Ordinal)
            : Enumerable.Empty<BlobInfo>();
        return Task.FromResult(ListingPager.Page(objects, prefix, delimiter, pageToken, pageSize));
    }

    /// <summary>Every object under a folder; files and folders that vanish while we look (concurrent delete, gc) are
    /// simply not there.</summary>
    private List<BlobInfo> Snapshot(string folder)
    {
        var found = new List<BlobInfo>();
        var walk = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        };
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", walk))
            {
                var name = Path.GetRelativePath(_root, file.FullName).Replace('\\', '/');
                if (name.StartsWith(InternalFolder + "/", StringComparison.Ordinal))
                    continue;
                try
                {
                    found.Add(
                        new BlobInfo(
                            name,
                            file.LastWriteTimeUtc.Ticks,
                            file.Length,
                            new DateTimeOffset(file.LastWriteTimeUtc)
                        )
                    );
                }
                catch (FileNotFoundException) { }
            }
        }
        catch (DirectoryNotFoundException) { } // the whole folder was pruned meanwhile: nothing under it
        return found;
    }

    public Task<bool> DeleteAsync(
        string name,
        long? ifGenerationMatch = null,
        CancellationToken cancellationToken = default
    )
    {
        var path = PathOf(name);
        // an object of a store never written: not there, and no lock folder created to say so
        if (!Directory.Exists(_root))
        {
            if (ifGenerationMatch is > 0)
                throw new PreconditionFailedException(name, WriteCondition.GenerationMatch(ifGenerationMatch.Value));
            return Task.FromResult(false);
        }
        using (_locks.Acquire(name))
        {
            var current = StatFile(name, path);
            if (current is null)
            {
                if (ifGenerationMatch is > 0)
                    throw new PreconditionFailedException(
                        name,
                        WriteCondition.GenerationMatch(ifGenerationMatch.Value)
                    );
                return Task.FromResult(false);
            }
            if (ifGenerationMatch is { } expected && expected != current.Generation)
                throw new PreconditionFailedException(name, WriteCondition.GenerationMatch(expected));
            File.Delete(path);
        }
        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.FromResult(true);
    }

    /// <summary>
    /// Removes temporary files of writers that died: a live writer holds an exclusive lock on the
    /// file's ".live" companion, which the kernel releases when the process dies.
    /// </summary>
    public Task<int> CleanLeftoversAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        if (!Directory.Exists(_tmp))
            return Task.FromResult(removed); // never written to: no writer can have died here
        foreach (
            var file in new DirectoryInfo(_tmp)
                .EnumerateFiles()
                .Where(f => !f.Name.EndsWith(LiveSuffix, StringComparison.Ordinal))
        )
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc < olderThan || WriterIsAlive(file.FullName))
                continue;
            try
            {
                file.Delete();
                removed++;
            }
            catch (IOException) { } // another gc got it first
        }
        return Task.FromResult(removed);
    }

    private static bool WriterIsAlive(string temporary)
    {
        try
        {
            // A dead writer's companion is still there (DeleteOnClose does not run on a kill): take it over and remove
            // it.
            using var probe = new FileStream(
                temporary + LiveSuffix,
                FileMode.Open,
                FileAccess.ReadWrite,
                FileShare.None,
                1,
                FileOptions.None
            );
            // only once we hold it: a failed probe must never remove a live writer's companion
            File.Delete(temporary + LiveSuffix);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        } // the writer is gone (it creates the companion before the file)
        catch (IOException)
        {
            return true;
        } // locked: the writer is still at work
    }

    public void Dispose() { }

    private void CreateTemporaryFolder()
    {
        try
        {
            Directory.CreateDirectory(_tmp);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot use this folder as a registry: {error.Message}", Uri, error);
        }
    }

    private string PathOf(string name)
    {
        BlobNames.Validate(name);
        if (name == InternalFolder || name.StartsWith(InternalFolder + "/", StringComparison.Ordinal))
            throw new MlopsException(
                $"object names starting with {InternalFolder}/ are reserved by the local store",
                name
            );
        return Path.Combine(_root, name);
    }

    private static BlobInfo? StatFile(string name, string path)
    {
        var file = new FileInfo(path);
        if (Directory.Exists(path))
            throw new MlopsException(
                "the local store holds a folder where this object should be (a name cannot be both an object and a "
                    + "prefix here)",
                name
            );
        return file.Exists
            ? new BlobInfo(name, file.LastWriteTimeUtc.Ticks, file.Length, new DateTimeOffset(file.LastWriteTimeUtc))
            : null;
    }

    private static void EnsureHolds(string name, WriteCondition condition, BlobInfo? current)
    {
        var holds = condition.IfGenerationMatch switch
        {
            null => true,
            0 => current is null,
            var g => current?.Generation == g,
        };
        if (!holds)
            throw new PreconditionFailedException(name, condition);
    }

    private static void MoveIntoPlace(string temporary, string target)
    {
        // A concurrent delete may prune the (empty) parent folder between our create and rename: retry.
        for (var attempt = 0; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(temporary, target, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 10) { }
        }
    }

    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > _root.Length && folder.StartsWith(_root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return;
            } // not empty, or already gone
            catch (UnauthorizedAccessException)
            {
                return;
            }
            folder = Path.GetDirectoryName(folder)!;
        }
    }

    private static async Task CopyAtMostAsync(
        Stream source,
        Stream destination,
        long count,
        CancellationToken cancellationToken
    )
    {
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            var read = await source.ReadAsync(
                buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)),
                cancellationToken
            );
            if (read == 0)
                return;
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            count -= read;
        }
    }
}
