namespace Mlops.Core.Config;

/// <summary>
/// Marks a string setting that names a file or folder: a relative path written in a config file is taken relative to
/// that file's folder (a config copied elsewhere with its files keeps working); one given on the command line stays
/// relative to the working folder.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PathInConfigAttribute : Attribute
{
    /// <summary>The path as the binder stores it. Text that is not a file on disk (an embedded config) has no folder
    /// to be relative to: its paths stay as written.</summary>
    public static string Resolve(string path, ConfigSource source) =>
        source.File is null
        || !File.Exists(source.File)
        || path.Length == 0
        || Path.IsPathRooted(path)
        || path.StartsWith('~')
            ? path
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source.File)) ?? "", path));
}
