namespace Mlops.Deploy.Image;

public enum LayerEntryKind
{
    Directory,
    File,
    Symlink,
}

/// <summary>
/// One path inside a layer. <paramref name="Path"/> is absolute in the image ("/app/mlops-serve");
/// a file's bytes come from <paramref name="SourceFile"/> on the host or from <paramref name="Content"/>.
/// </summary>
public sealed record LayerEntry(
    string Path,
    LayerEntryKind Kind,
    UnixFileMode Mode,
    int Uid = 0,
    int Gid = 0,
    string? SourceFile = null,
    byte[]? Content = null,
    string? LinkTarget = null
)
{
    public static LayerEntry Directory(
        string path,
        UnixFileMode mode = DefaultDirectoryMode,
        int uid = 0,
        int gid = 0
    ) => new(path, LayerEntryKind.Directory, mode, uid, gid);

    public static LayerEntry FromHostFile(string path, string sourceFile, UnixFileMode mode) =>
        new(path, LayerEntryKind.File, mode, SourceFile: sourceFile);

    public static LayerEntry FromBytes(string path, byte[] content, UnixFileMode mode = DefaultFileMode) =>
        new(path, LayerEntryKind.File, mode, Content: content);

    public static LayerEntry Symlink(string path, string target) =>
        new(path, LayerEntryKind.Symlink, (UnixFileMode)0b111_111_111, LinkTarget: target);

    public const UnixFileMode DefaultDirectoryMode = (UnixFileMode)0b111_101_101; // 0755
    public const UnixFileMode DefaultFileMode = (UnixFileMode)0b110_100_100; // 0644
    public const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755
}
