using System.Runtime.CompilerServices;

namespace Mlops.Registry.Stores;

public static class BlobStoreExtensions
{
    /// <summary>Every object under a prefix, following page tokens.</summary>
    public static async IAsyncEnumerable<BlobInfo> ListAllAsync(
        this IBlobStore store,
        string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken = default
    )
    {
        string? token = null;
        do
        {
            var page = await store.ListAsync(prefix, null, token, 1000, cancellationToken);
            foreach (var blob in page.Objects)
                yield return blob;
            token = page.NextPageToken;
        } while (token is not null);
    }

    /// <summary>The "folders" directly under a prefix, following page tokens.</summary>
    public static async Task<List<string>> ListFoldersAsync(
        this IBlobStore store,
        string prefix,
        CancellationToken cancellationToken = default
    )
    {
        var folders = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(prefix, "/", token, 1000, cancellationToken);
            folders.AddRange(page.Prefixes);
            token = page.NextPageToken;
        } while (token is not null);
        return folders;
    }

    public static async Task<byte[]> ReadAllBytesAsync(
        this IBlobStore store,
        string name,
        CancellationToken cancellationToken = default
    )
    {
        using var buffer = new MemoryStream();
        await store.ReadAsync(name, buffer, null, cancellationToken);
        return buffer.ToArray();
    }

    public static async Task<BlobInfo> PutBytesAsync(
        this IBlobStore store,
        string name,
        byte[] content,
        WriteCondition condition,
        CancellationToken cancellationToken = default
    )
    {
        using var stream = new MemoryStream(content, writable: false);
        return await store.PutAsync(name, stream, condition, cancellationToken);
    }
}
