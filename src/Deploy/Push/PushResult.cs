using Mlops.Deploy.Image;

namespace Mlops.Deploy.Push;

/// <summary>What a push did: the digest to deploy by, and how many bytes actually crossed the wire.</summary>
public sealed record PushResult(
    ImageReference Target,
    Digest ManifestDigest,
    long BytesUploaded,
    int BlobsUploaded,
    int BlobsSkipped,
    int BlobsMounted
)
{
    /// <summary>"registry/repo@sha256:..." — what Cloud Run and `podman run` are given.</summary>
    public string ImageByDigest => Target.WithDigest(ManifestDigest);
}

/// <summary>One step of a push, for progress bars.</summary>
public sealed record PushProgress(string Blob, string Action, long Bytes);
