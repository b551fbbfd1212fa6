using System.Net.Http.Headers;
using Google;
using Google.Cloud.Storage.V1;
using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// gs://bucket/prefix on Google.Cloud.Storage.V1's StorageClient: resumable uploads with ifGenerationMatch, downloads
/// and range reads, paged listing, deletes. Ours on top: size/CRC32C checks of every whole write and read, recognising
/// a retried create-only upload whose first answer was lost, and the retries the library does not do (GcsRetry).
/// </summary>
public sealed class GcsBlobStore : IBlobStore
{
    private const string WriteIdKey = "mlops-write-id";

    /// <summary>The downloader hands over a buffer at a time: a resumed download repeats at most this much.</summary>
    public const int DownloadChunkSize = 1 << 20;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly GcsSettings _settings;
    private readonly StorageClient _client;
    private readonly GcsRetry _retry;
    private readonly RetryOptions _libraryRetries;

    public GcsBlobStore(string bucket, string prefix, GcsSettings settings)
    {
        if (
            bucket.Length is < 3 or > 222
            || bucket.Any(ch => !(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '-' or '_' or '.'))
        )
            throw new Core.Errors.MlopsException(
                $"'{bucket}' is not a valid bucket name (3-222 lowercase letters, digits, '-', '_', '.')",
                $"gs://{bucket}"
            );
        if (prefix.Length > 0)
            BlobNames.ValidatePrefix(prefix);
        _bucket = bucket;
        _prefix = prefix;
        _settings = settings;
        _client = GcsClientFactory.Create(settings);
        _retry = new GcsRetry(settings);
        // Every metadata call we make is safe to repeat (reads, and deletes whose loss we tolerate), so retry them all.
        _libraryRetries = new RetryOptions(
            new RetryTiming(settings.FirstRetryDelay, TimeSpan.FromSeconds(32), 2),
            RetryPredicate.FromErrorCodes(408, 429, 500, 502, 503, 504)
        );
        Uri = $"gs://{bucket}/{prefix}".TrimEnd('/');
    }

    public string Uri { get; }

    public async Task<BlobInfo> PutAsync(
        string name,
        Stream content,
        WriteCondition condition,
        CancellationToken cancellationToken = default
    )
    {
        BlobNames.Validate(name);
        // The library hashes the stream from position 0 for its x-goog-hash and a retry re-reads it: seekable, at 0.
        Stream? spooled = null;
        try
        {
            if (!content.CanSeek || content.Position != 0)
                content = spooled = await SpoolAsync(content, cancellationToken);
            return await UploadAsync(name, content, condition, cancellationToken);
        }
        finally
        {
            spooled?.Dispose();
        }
    }

    public async Task<BlobInfo> ReadAsync(
        string name,
        Stream destination,
        ByteRange? range = null,
        CancellationToken cancellationToken = default
    )
    {
        var info = await StatAsync(name, cancellationToken) ?? throw new BlobNotFoundException(name);
        var start = range?.Offset ?? 0;
        var end = range?.Length is { } length ? start + length - 1 : (long?)null;
        if (start >= info.Size || end < start)
            return info; // nothing to read in that range
        using var hashes = new ContentHashes();
        await _retry.RunAsync(
            Where(name),
            async (_, token) =>
            {
                // A retry resumes where the last attempt stopped: what was handed over is never written twice.
                var from = start + hashes.Length;
                if (from > (end ?? info.Size - 1))
                    return true; // everything arrived; the answer that said so was lost
                var options = new DownloadObjectOptions
                {
                    Generation = info.Generation,
                    ChunkSize = DownloadChunkSize,
                    Range = range is null && from == 0 ? null : new RangeHeaderValue(from, end),
                    // Ours, not the library's: its hash failure is an IOException (which we retry as a network
                    // error), and it cannot check a resumed read. Verify below checks size, CRC32C and MD5.
                    DownloadValidationMode = DownloadValidationMode.Never,
                };
                try
                {
                    var hashing = new ContentHashingStream(destination, hashes);
                    await _client.DownloadObjectAsync(_bucket, _prefix + name, hashing, options, token);
                }
                catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    throw Translate(error, name);
                }
                return true;
            },
            cancellationToken
        );
        if (range is null)
            Verify(name, info, hashes);
        return info;
    }

    public async Task<BlobInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        try
        {
            return ToBlobInfo(await GetAsync(name, cancellationToken), name);
        }
        catch (BlobNotFoundException)
        {
            return null;
        }
    }

    public async Task<BlobPage> ListAsync(
        string prefix,
        string? delimiter = null,
        string? pageToken = null,
        int pageSize = 1000,
        CancellationToken cancellationToken = default
    )
    {
        BlobNames.ValidatePrefix(prefix);
        var options = new ListObjectsOptions
        {
            Delimiter = string.IsNullOrEmpty(delimiter) ? null : delimiter,
            PageSize = pageSize,
            PageToken = pageToken,
            RetryOptions = _libraryRetries,
        };
        // One raw answer is one page, with the prefixes the paged enumerable would hide.
        var page = await MetadataCallAsync(
            prefix,
            default,
            token =>
                _client
                    .ListObjectsAsync(_bucket, _prefix + prefix, options)
                    .AsRawResponses()
                    .FirstAsync(token)
                    .AsTask(),
            cancellationToken
        );
        var objects = (page.Items ?? [])
            .Where(item => item.Name.StartsWith(_prefix, StringComparison.Ordinal))
            .Select(item => ToBlobInfo(item, item.Name[_prefix.Length..]))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var prefixes = (page.Prefixes ?? []).Select(p => p[_prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        return new BlobPage(objects, prefixes, string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken);
    }

    public async Task<bool> DeleteAsync(
        string name,
        long? ifGenerationMatch = null,
        CancellationToken cancellationToken = default
    )
    {
        BlobNames.Validate(name);
        var options = new DeleteObjectOptions { IfGenerationMatch = ifGenerationMatch, RetryOptions = _libraryRetries };
        try
        {
            return await MetadataCallAsync(
                name,
                new WriteCondition(ifGenerationMatch),
                async token =>
                {
                    await _client.DeleteObjectAsync(_bucket, _prefix + name, options, token);
                    return true;
                },
                cancellationToken
            );
        }
        catch (BlobNotFoundException)
        {
            return false; // never there, or deleted by a try whose answer was lost (the library retried it)
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<BlobInfo> UploadAsync(
        string name,
        Stream content,
        WriteCondition condition,
        CancellationToken cancellationToken
    )
    {
        var writeId = Guid.NewGuid().ToString("N");
        var length = content.Length;
        using var sent = new ContentHashes();
        // Each byte is hashed the first time it is read in order: re-reads after a resume leave the checksum intact.
        var hashing = new ObservedReadStream(content, (start, data) =>
        {
            var seen = sent.Length - start;
            if (seen >= 0 && seen < data.Length)
                sent.Append(data[(int)seen..]);
        });
        var target = new GcsObject
        {
            Bucket = _bucket,
            Name = _prefix + name,
            ContentType = "application/octet-stream",
            Metadata = new Dictionary<string, string> { [WriteIdKey] = writeId },
        };
        var options = new UploadObjectOptions
        {
            IfGenerationMatch = condition.IfGenerationMatch,
            ChunkSize = _settings.ChunkSize,
        };
        var stored = await _retry.RunAsync(
            Where(name),
            async (attempt, token) =>
            {
                content.Position = 0;
                try
                {
                    return ToBlobInfo(await _client.UploadObjectAsync(target, hashing, options, token), name);
                }
                catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    var translated = Translate(error, name, condition);
                    // A 412 on a retry may be our own earlier try, which succeeded but whose answer was lost.
                    if (
                        translated is PreconditionFailedException
                        && attempt > 1
                        && await WrittenByAsync(name, writeId, token) is { } ours
                    )
                        return ours;
                    throw translated;
                }
            },
            cancellationToken
        );
        await VerifyUploadAsync(name, stored, sent, length, cancellationToken);
        return stored;
    }

    /// <summary>What the server says it stored must be what we sent; a mismatch is removed and reported.</summary>
    private async Task VerifyUploadAsync(
        string name,
        BlobInfo stored,
        ContentHashes sent,
        long length,
        CancellationToken cancellationToken
    )
    {
        var problem =
            stored.Size != length || sent.Length != length ? $"sent {length} bytes, the server stored {stored.Size}"
            : stored.Crc32cBase64 is { } crc && crc != sent.Crc32cBase64
                ? $"crc32c sent {sent.Crc32cBase64}, stored {crc}"
            : null;
        if (problem is null)
            return;
        try
        {
            await DeleteAsync(name, stored.Generation, cancellationToken);
        }
        catch (Core.Errors.MlopsException)
        { /* the report below matters more; gc will find it */
        }
        throw new BlobCorruptedException(Where(name), $"upload verification failed: {problem}");
    }

    private void Verify(string name, BlobInfo info, ContentHashes received)
    {
        name = Where(name);
        if (received.Length != info.Size)
            throw new BlobCorruptedException(name, $"expected {info.Size} bytes, received {received.Length}");
        if (info.Crc32cBase64 is { } crc && crc != received.Crc32cBase64)
            throw new BlobCorruptedException(name, $"crc32c stored {crc}, received {received.Crc32cBase64}");
        if (info.Md5Base64 is { } md5 && md5 != received.Md5Base64)
            throw new BlobCorruptedException(name, $"md5 stored {md5}, received {received.Md5Base64}");
    }

    private async Task<BlobInfo?> WrittenByAsync(string name, string writeId, CancellationToken cancellationToken)
    {
        try
        {
            var current = await GetAsync(name, cancellationToken);
            var ours = current.Metadata?.TryGetValue(WriteIdKey, out var id) == true && id == writeId;
            return ours ? ToBlobInfo(current, name) : null;
        }
        catch (Core.Errors.MlopsException)
        {
            return null; // cannot tell: report the lost race
        }
    }

    private Task<GcsObject> GetAsync(string name, CancellationToken cancellationToken) =>
        MetadataCallAsync(
            name,
            default,
            token =>
                _client.GetObjectAsync(
                    _bucket,
                    _prefix + name,
                    new GetObjectOptions { RetryOptions = _libraryRetries },
                    token
                ),
            cancellationToken
        );

    /// <summary>
    /// A call whose 408/429/5xx answers the library already retried (NumTries = MaxAttempts): one that still fails so
    /// has used up its tries. Network errors, which it does not retry, go through ours.
    /// </summary>
    private Task<T> MetadataCallAsync<T>(
        string name,
        WriteCondition condition,
        Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken
    ) =>
        _retry.RunAsync(
            Where(name),
            async (_, token) =>
            {
                try
                {
                    return await call(token);
                }
                catch (GoogleApiException error) when (GcsErrors.IsTransient(error.HttpStatusCode))
                {
                    throw _retry.GaveUp(Where(name), _retry.MaxAttempts, Translate(error, name, condition));
                }
                catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    throw Translate(error, name, condition);
                }
            },
            cancellationToken
        );

    private Exception Translate(Exception error, string name, WriteCondition condition = default) =>
        GcsErrors.Translate(error, _bucket, name, Where(name), condition);

    private static BlobInfo ToBlobInfo(GcsObject item, string name) =>
        new(
            name,
            item.Generation ?? 0,
            (long)(item.Size ?? 0),
            item.UpdatedDateTimeOffset ?? DateTimeOffset.MinValue,
            item.Md5Hash,
            item.Crc32c
        );

    private static async Task<Stream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.GetTempFileName(),
            FileMode.Create,
            FileAccess.ReadWrite,
            FileShare.None,
            1 << 16,
            FileOptions.DeleteOnClose
        );
        await content.CopyToAsync(file, cancellationToken);
        file.Position = 0;
        return file;
    }

    private string Where(string name) => $"gs://{_bucket}/{_prefix}{name}";
}
