using Mlops.Core.Errors;

namespace Mlops.Deploy.Image;

/// <summary>
/// An optional layer holding a data set folder of the host at the same path in the image (Debian's Fashion-MNIST
/// under /usr/share/datasets), so a training task reads its data with no download and no mount. Read-only, as on the
/// host. Below the runtime layer: a code change then pushes the runtime again, not the data.
/// </summary>
public static class DatasetLayer
{
    public static string CreatedBy(string folder) => $"mlops train image: data set {folder} (copied from the host)";

    /// <param name="folder">Absolute; read from the host under <paramref name="hostRoot"/>.</param>
    public static IReadOnlyList<LayerEntry> Entries(string folder, string hostRoot = "/")
    {
        if (!Path.IsPathRooted(folder))
            throw new MlopsException("a data set folder baked into an image must be an absolute path", folder);
        var hostFolder = Path.Combine(hostRoot, folder.TrimStart('/'));
        if (!Directory.Exists(hostFolder))
            throw new MlopsException(
                "the data set folder to bake into the image does not exist (for Fashion-MNIST install the Debian "
                    + "package dataset-fashion-mnist)",
                hostFolder
            );
        var entries = new List<LayerEntry>();
        foreach (var file in Directory.EnumerateFiles(hostFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(hostFolder, file).Replace('\\', '/');
            // A symlink is stored as the file it points to: the image has no package tree for it to point into.
            var resolved = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
            entries.Add(
                LayerEntry.FromHostFile($"{folder.TrimEnd('/')}/{relative}", resolved, LayerEntry.DefaultFileMode)
            );
        }
        if (entries.Count == 0)
            throw new MlopsException("the data set folder to bake into the image is empty", hostFolder);
        return entries;
    }
}
