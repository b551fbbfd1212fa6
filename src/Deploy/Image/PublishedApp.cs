namespace Mlops.Deploy.Image;

/// <summary>
/// The files of a self-contained `dotnet publish` as /app entries, less what only a debugger or tracer uses: the
/// shared step of the serving and the training runtime layers.
/// </summary>
public static class PublishedApp
{
    public const string AppDirectory = "/app";

    /// <summary>Files of a publish that only a debugger or tracer uses; the tracer one needs liblttng, absent
    /// here.</summary>
    public static readonly IReadOnlySet<string> DebugOnlyFiles = new HashSet<string>(StringComparer.Ordinal)
    {
        "libcoreclrtraceptprovider.so",
        "libmscordbi.so",
        "libmscordaccore.so",
        "createdump",
    };

    /// <param name="executable">The apphost; it and every shared library get the executable mode.</param>
    /// <param name="leftOut">File names left out besides <see cref="DebugOnlyFiles"/>, .pdb and .dbg.</param>
    public static IReadOnlyList<LayerEntry> Entries(
        string publishDirectory,
        string executable,
        IReadOnlySet<string> leftOut
    )
    {
        var entries = new List<LayerEntry>();
        foreach (var file in Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(publishDirectory, file).Replace('\\', '/');
            var name = Path.GetFileName(file);
            if (
                DebugOnlyFiles.Contains(name)
                || leftOut.Contains(name)
                || name.EndsWith(".pdb", StringComparison.Ordinal)
                || name.EndsWith(".dbg", StringComparison.Ordinal)
            )
                continue;
            var native = name == executable || name.Contains(".so", StringComparison.Ordinal);
            entries.Add(
                LayerEntry.FromHostFile(
                    $"{AppDirectory}/{relative}",
                    file,
                    native ? LayerEntry.ExecutableMode : LayerEntry.DefaultFileMode
                )
            );
        }
        return entries;
    }

    /// <summary>Whether the file starts with the ELF magic (a shared library, not a stand-in or a text file).</summary>
    public static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }
}
