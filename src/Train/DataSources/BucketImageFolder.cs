using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Registry.Stores;

namespace Mlops.Train.DataSources;

/// <summary>One object of an image folder kept in a bucket, as listed: what identifies its bytes without reading
/// them.</summary>
public sealed record BucketDataObject(string Path, long Generation, long Size, string Checksum);

/// <summary>
/// An image folder in a bucket (<c>data.root: gs://bucket/prefix</c>), so a job task needs no data baked into its
/// image. Listing it is enough to fingerprint it (every object's path, generation and CRC32C: a rewrite of any image
/// changes it); training reads a local view of it, each object fetched once into a cache keyed by its content
/// (CRC32C and size, checked on download) and linked under its path, so a second run, or a second data set sharing
/// images, downloads nothing.
/// </summary>
public sealed class BucketImageFolder
{
    private const string CompleteMarker = ".complete";

    private BucketImageFolder(string uri, IReadOnlyList<BucketDataObject> objects)
    {
        Uri = uri;
        Objects = objects;
        var listing = new StringBuilder();
        foreach (var item in objects)
            listing.Append(
                CultureInfo.InvariantCulture,
                $"{item.Path}\t{item.Generation}\t{item.Size}\t{item.Checksum}\n"
            );
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }

    public string Uri { get; }
    public IReadOnlyList<BucketDataObject> Objects { get; }

    /// <summary>sha256 over every object's path, generation, size and checksum, in path order.</summary>
    public string Fingerprint { get; }

    /// <summary>A data root that names a bucket rather than a folder of this machine.</summary>
    public static bool IsBucket(string root) =>
        root.Contains("://", StringComparison.Ordinal) && BlobStoreFactory.LocalPath(root) is null;

    /// <summary>Lists the objects under <paramref name="uri"/>; an empty prefix is an error at
    /// <paramref name="where"/> (the config line of data.root).</summary>
    public static BucketImageFolder List(string uri, string where)
    {
        using var bucket = Open(uri, where);
        var objects = bucket
            .ListAllAsync("")
            .ToBlockingEnumerable()
            .Where(blob => !blob.Name.EndsWith('/')) // a console-made "folder" placeholder
            .Select(blob => SafeName(blob, uri, where))
            .Select(blob => new BucketDataObject(blob.Name, blob.Generation, blob.Size, Checksum(blob)))
            .OrderBy(item => item.Path, StringComparer.Ordinal)
            .ToList();
        if (objects.Count == 0)
            throw new MlopsException($"{uri} holds no objects: an image folder needs <class>/<image> objects", where);
        return new BucketImageFolder(uri.TrimEnd('/'), objects);
    }

    /// <summary>The local folder training reads: the objects fetched into <paramref name="cacheFolder"/> (only those
    /// it does not hold yet) and linked under their paths in a view named by the fingerprint.</summary>
    public string Materialize(string cacheFolder, IProgress<string>? progress = null)
    {
        var view = Path.Combine(cacheFolder, "views", Fingerprint[..16]);
        if (File.Exists(Path.Combine(view, CompleteMarker)))
        {
            progress?.Report($"{Uri}: {Objects.Count} objects, all cached");
            return view;
        }
        var store = Path.Combine(cacheFolder, "objects");
        Directory.CreateDirectory(store);
        var missing = Objects.Where(item => !File.Exists(Path.Combine(store, CacheName(item)))).ToList();
        progress?.Report($"{Uri}: {Objects.Count} objects, {missing.Count} to download");
        if (missing.Count > 0)
        {
            using var bucket = Open(Uri, Uri);
            Parallel.ForEach(missing, new ParallelOptions { MaxDegreeOfParallelism = 8 }, item =>
                Fetch(bucket, store, item)
            );
        }
        // Linked beside the view and moved into place whole: trials of one sweep materialize at once, and a view
        // is never read half made nor deleted while complete.
        var building = $"{view}.{Guid.NewGuid():N}";
        try
        {
            foreach (var item in Objects)
            {
                var link = Path.Combine(building, item.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, Path.Combine(store, CacheName(item)));
            }
            File.WriteAllText(Path.Combine(building, CompleteMarker), Uri + "\n");
            if (Directory.Exists(view) && !File.Exists(Path.Combine(view, CompleteMarker)))
                Directory.Delete(view, recursive: true); // cut short by an older version: never read
            if (!Directory.Exists(view))
                Directory.Move(building, view);
        }
        catch (IOException) when (File.Exists(Path.Combine(view, CompleteMarker))) { } // another made it first
        finally
        {
            if (Directory.Exists(building))
                Directory.Delete(building, recursive: true);
        }
        return view;
    }

    /// <summary>The user's data cache: $MLOPS_CACHE_HOME/data.</summary>
    public static string DefaultCache() => Path.Combine(UserFolders.Cache(), "data");

    private static void Fetch(IBlobStore bucket, string store, BucketDataObject item)
    {
        var target = Path.Combine(store, CacheName(item));
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var file = File.Create(partial))
            {
                // A whole read is checked against the stored CRC32C by the store.
                var read = bucket.ReadAsync(item.Path, file).GetAwaiter().GetResult();
                if (read.Generation != item.Generation)
                    throw new MlopsException(
                        $"{item.Path} was rewritten while being read (generation {item.Generation} listed, "
                            + $"{read.Generation} read): run again",
                        bucket.Uri
                    );
            }
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>An object name that stays inside the view once joined to it ("a/../../x" or "/x" would not).
    /// </summary>
    private static BlobInfo SafeName(BlobInfo blob, string uri, string where)
    {
        var parts = blob.Name.Split('/');
        if (blob.Name.StartsWith('/') || parts.Any(part => part is "" or "." or ".."))
            throw new MlopsException($"{uri} holds an object named '{blob.Name}', which is not a safe path", where);
        return blob;
    }

    /// <summary>Objects with the same bytes share one cache file, whatever their names or buckets.</summary>
    private static string CacheName(BucketDataObject item) =>
        string.Create(CultureInfo.InvariantCulture, $"{item.Checksum}-{item.Size}");

    /// <summary>The object's CRC32C (GCS has one for every object), else its MD5, as file-name-safe hex.</summary>
    private static string Checksum(BlobInfo blob) =>
        blob.Crc32cBase64 is { } crc ? "crc32c-" + Convert.ToHexStringLower(Convert.FromBase64String(crc))
        : blob.Md5Base64 is { } md5 ? "md5-" + Convert.ToHexStringLower(Convert.FromBase64String(md5))
        : throw new MlopsException($"{blob.Name} has no checksum to identify its bytes by", "data.root");

    private static IBlobStore Open(string uri, string where) => BlobStoreFactory.Open(uri, where: where);
}
