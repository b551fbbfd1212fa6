using Mlops.Core.Errors;
using Mlops.Registry.Stores.Gcs;
using Mlops.Registry.Stores.Local;

namespace Mlops.Registry.Stores;

/// <summary>Chooses the store by URI scheme: file://folder (relative to the working folder unless absolute) or
/// gs://bucket/prefix.</summary>
public static class BlobStoreFactory
{
    public const string DefaultUri = "file://.mlops/bucket";

    /// <param name="where">What named the URI, for errors (an option, a config key).</param>
    public static IBlobStore Open(string uri, GcsSettings? gcs = null, string where = "--registry")
    {
        if (LocalPath(uri) is { } path)
        {
            if (path.Length == 0)
                throw new MlopsException("file:// needs a folder, e.g. file://.mlops/bucket", where);
            return new LocalBlobStore(path);
        }
        if (uri.StartsWith("gs://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri["gs://".Length..].TrimEnd('/');
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "" : rest[(slash + 1)..] + "/";
            return new GcsBlobStore(bucket, prefix, gcs ?? GcsSettings.FromEnvironment());
        }
        throw new MlopsException($"unsupported URI '{uri}': use file://<folder> or gs://<bucket>/<prefix>", where);
    }

    /// <summary>The folder a file:// URI names, as written (relative or absolute, possibly empty); null for other
    /// schemes.</summary>
    public static string? LocalPath(string uri) =>
        uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
            ? System.Uri.UnescapeDataString(uri["file://".Length..])
            : null;
}
