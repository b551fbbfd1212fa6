using Mlops.Core.Errors;
using Mlops.Core.IO;

namespace Mlops.Deploy.Image;

/// <summary>
/// An OCI image-layout directory (oci-layout, index.json, blobs/sha256/...). Blobs are written to a
/// temporary file, hashed while written, then renamed to their digest, so a reader never sees a partial blob.
/// </summary>
public sealed class BlobStore
{
    public BlobStore(string root)
    {
        Root = Path.GetFullPath(root);
        if (File.Exists(Root))
            throw new MlopsException("this is a file; the OCI layout cache is a folder", Root);
        try
        {
            Directory.CreateDirectory(BlobDirectory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new MlopsException($"cannot use this folder as the OCI layout cache: {error.Message}", Root, error);
        }
        var layoutFile = Path.Combine(Root, "oci-layout");
        if (!File.Exists(layoutFile))
            AtomicFile.WriteAllBytes(layoutFile, OciLayoutJson);
    }

    public static readonly byte[] OciLayoutJson = "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray();

    public string Root { get; }

    private string BlobDirectory => Path.Combine(Root, "blobs", Digest.Algorithm);

    public string PathOf(Digest digest) => Path.Combine(BlobDirectory, digest.Hex);

    public bool Contains(Digest digest) => File.Exists(PathOf(digest));

    public Stream OpenRead(Digest digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
            throw new MlopsException($"blob {digest} is missing from the image layout", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public Descriptor Put(string mediaType, byte[] content)
    {
        var digest = Digest.Of(content);
        if (!Contains(digest))
            AtomicFile.WriteAllBytes(PathOf(digest), content);
        return new Descriptor(mediaType, digest, content.Length);
    }

    /// <summary>Streams a blob in: <paramref name="write"/> fills the stream; the result is stored under its
    /// digest.</summary>
    public (Descriptor Descriptor, TResult Result) Put<TResult>(string mediaType, Func<Stream, TResult> write)
    {
        var temp = Path.Combine(BlobDirectory, $".tmp-{Guid.NewGuid():N}");
        try
        {
            Digest digest;
            long size;
            TResult result;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hashing = new HashingStream(file, leaveOpen: true))
            {
                result = write(hashing);
                digest = hashing.Finish();
                size = hashing.BytesWritten;
            }
            var final = PathOf(digest);
            if (File.Exists(final))
                File.Delete(temp);
            else
                File.Move(temp, final);
            return (new Descriptor(mediaType, digest, size), result);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Writes index.json naming the one image this layout holds.</summary>
    public void WriteIndex(Descriptor manifest, string? refName)
    {
        AtomicFile.WriteAllBytes(Path.Combine(Root, "index.json"), ImageJson.Index(manifest, refName));
    }
}
