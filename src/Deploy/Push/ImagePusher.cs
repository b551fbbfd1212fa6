using Mlops.Core.Errors;
using Mlops.Deploy.Image;

namespace Mlops.Deploy.Push;

/// <summary>
/// Pushes a built image: each blob is skipped when the registry has it (HEAD), mounted from another
/// repository when possible, else uploaded (POST then PUT). The manifest goes last, so the registry
/// never holds a manifest whose blobs are missing; a blob that fails for good stops the push before it.
/// </summary>
public sealed class ImagePusher(RegistryClient client, RetryPolicy? retry = null)
{
    private readonly RetryPolicy _retry = retry ?? RetryPolicy.Default;

    public async Task<PushResult> PushAsync(
        BuiltImage image,
        string? mountFrom = null,
        IProgress<PushProgress>? progress = null,
        CancellationToken cancel = default
    )
    {
        long uploaded = 0;
        int sent = 0,
            skipped = 0,
            mounted = 0;
        foreach (var blob in image.Blobs)
        {
            var name = blob.Digest.Short;
            if (await client.BlobExistsAsync(blob.Digest, cancel))
            {
                skipped++;
                progress?.Report(new PushProgress(name, "exists", 0));
                continue;
            }
            if (await UploadAsync(image.Store, blob, mountFrom, cancel))
            {
                mounted++;
                progress?.Report(new PushProgress(name, "mounted", 0));
                continue;
            }
            sent++;
            uploaded += blob.Size;
            progress?.Report(new PushProgress(name, "uploaded", blob.Size));
        }

        var manifest = await File.ReadAllBytesAsync(image.Store.PathOf(image.Manifest.Digest), cancel);
        var reference = client.Target.Tag ?? image.Manifest.Digest.ToString();
        var digest = await client.PutManifestAsync(reference, manifest, image.Manifest.MediaType, cancel);
        if (digest != image.Manifest.Digest)
            throw new MlopsException(
                $"the registry stored the manifest as {digest}, not {image.Manifest.Digest}",
                client.Target.ToString()
            );
        uploaded += manifest.Length;
        progress?.Report(new PushProgress("manifest", "uploaded", manifest.Length));
        return new PushResult(client.Target, digest, uploaded, sent, skipped, mounted);
    }

    /// <summary>Mounts or uploads one blob, restarting the whole upload session after a transient failure.</summary>
    /// <returns>True when the registry mounted it instead.</returns>
    private async Task<bool> UploadAsync(BlobStore store, Descriptor blob, string? mountFrom, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var location = await client.StartUploadAsync(blob.Digest, mountFrom, cancel);
                if (location is null)
                    return true;
                await client.PutBlobAsync(location, blob.Digest, () => store.OpenRead(blob.Digest), blob.Size, cancel);
                return false;
            }
            catch (RegistryTransientException) when (attempt < _retry.MaxAttempts)
            {
                await Task.Delay(_retry.DelayBefore(attempt + 1), cancel);
            }
        }
    }
}
