using System.Formats.Tar;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// Writes layer entries as a reproducible tar: entries sorted by path, parent directories added,
/// fixed mtime/uid/gid/owner names, ustar format (no pax headers, so no access/change times).
/// The same entries always give the same bytes.
/// </summary>
public static class DeterministicTar
{
    /// <summary>Every entry's mtime: the Unix epoch, like other reproducible image builders.</summary>
    public static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    public static void Write(IEnumerable<LayerEntry> entries, Stream output)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var entry in Normalize(entries))
        {
            var tarEntry = ToTarEntry(entry);
            using (tarEntry.DataStream)
                writer.WriteEntry(tarEntry);
        }
    }

    /// <summary>Entries keyed by relative path, with every parent directory present, in ordinal order.</summary>
    public static IReadOnlyList<LayerEntry> Normalize(IEnumerable<LayerEntry> entries)
    {
        var byPath = new SortedDictionary<string, LayerEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = RelativePath(entry.Path);
            if (byPath.TryGetValue(path, out var existing) && existing.Kind != LayerEntryKind.Directory)
                throw new MlopsException($"the layer holds '{entry.Path}' twice", entry.SourceFile);
            byPath[path] = entry with { Path = path };
            for (var parent = ParentOf(path); parent is not null; parent = ParentOf(parent))
                byPath.TryAdd(parent, LayerEntry.Directory(parent));
        }
        return byPath.Values.ToList();
    }

    private static string RelativePath(string path)
    {
        var relative = path.Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(part => part is "" or "." or ".."))
            throw new MlopsException($"'{path}' is not a clean absolute path for a layer entry");
        return relative;
    }

    private static string? ParentOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? null : relativePath[..slash];
    }

    private static UstarTarEntry ToTarEntry(LayerEntry entry)
    {
        var (type, name) = entry.Kind switch
        {
            LayerEntryKind.Directory => (TarEntryType.Directory, entry.Path + "/"),
            LayerEntryKind.Symlink => (TarEntryType.SymbolicLink, entry.Path),
            _ => (TarEntryType.RegularFile, entry.Path),
        };
        var tarEntry = new UstarTarEntry(type, name)
        {
            Mode = entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            UserName = "",
            GroupName = "",
            ModificationTime = FixedTime,
        };
        if (entry.Kind == LayerEntryKind.Symlink)
            tarEntry.LinkName = entry.LinkTarget ?? throw new MlopsException($"symlink '{entry.Path}' has no target");
        if (entry.Kind == LayerEntryKind.File)
            tarEntry.DataStream = OpenContent(entry);
        return tarEntry;
    }

    private static Stream OpenContent(LayerEntry entry)
    {
        if (entry.Content is not null)
            return new MemoryStream(entry.Content, writable: false);
        var source = entry.SourceFile
            ?? throw new MlopsException($"file '{entry.Path}' has neither content nor a source file");
        try
        {
            return new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception error)
            when (error is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot read '{source}' for image path /{entry.Path}: {error.Message}", source);
        }
    }
}
