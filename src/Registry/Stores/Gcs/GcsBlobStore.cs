using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google;
using Google.Apis.Download;
using Google.Apis.Upload;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// gs://bucket/prefix over the GCS JSON API: multipart uploads for small objects, Google.Apis'
/// resumable upload for large ones, MediaDownloader with range reads, paged listing, deletes,
/// generation preconditions, retries with backoff, and CRC32C/MD5 checks on every whole write and read.
/// </summary>
public sealed class GcsBlobStore : IBlobStore
{
    private const string WriteIdKey = "mlops-write-id";
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly GcsSettings _settings;
    private readonly GcsClientService _service;
    private readonly GcsRetry _retry;

    public GcsBlobStore(string bucket, string prefix, GcsSettings settings)
    {
        if (bucket.Length is < 3 or > 222 || bucket.Any(ch => !(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '-' or '_' or '.')))
            throw new Core.Errors.MlopsException($"'{bucket}' is not a valid bucket name (3-222 lowercase letters, digits, '-', '_', '.')", $"gs://{bucket}");
        if (prefix.Length > 0) BlobNames.ValidatePrefix(prefix);
        _bucket = bucket;
        _prefix = prefix;
        _settings = settings;
        _service = GcsClientService.Create(settings);
        _retry = new GcsRetry(settings);
        Uri = $"gs://{bucket}/{prefix}".TrimEnd('/');
    }

    public string Uri { get; }

    public async Task<BlobInfo> PutAsync(string name, Stream content, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        Stream? spooled = null;
        try
        {
            if (!content.CanSeek) content = spooled = await SpoolAsync(content, cancellationToken);
            var writeId = Guid.NewGuid().ToString("N");
            return content.Length - content.Position >= _settings.ResumableThreshold
                ? await ResumableUploadAsync(name, content, condition, writeId, cancellationToken)
                : await MultipartUploadAsync(name, content, condition, writeId, cancellationToken);
        }
        finally
        {
            spooled?.Dispose();
        }
    }

    public async Task<BlobInfo> ReadAsync(string name, Stream destination, ByteRange? range = null, CancellationToken cancellationToken = default)
    {
        var info = await StatAsync(name, cancellationToken) ?? throw new BlobNotFoundException(name);
        var url = $"{_service.BaseUri}download/storage/v1/b/{_bucket}/o/{Escape(name)}?generation={info.Generation}";
        using var hashes = new ContentHashes();
        var start = range?.Offset ?? 0;
        var end = range?.Length is { } length ? start + length - 1 : (long?)null;
        if (start >= info.Size || end < start) return info; // nothing to read in that range
        await _retry.RunAsync(Where(name), async (_, token) =>
        {
            // A retry resumes where the last attempt stopped: what was handed over is never sent twice.
            var downloader = new GcsVerifyingDownloader(_service, hashes) { Range = new RangeHeaderValue(start + hashes.Length, end) };
            var progress = await downloader.DownloadAsync(url, destination, token);
            if (progress.Status == DownloadStatus.Failed) throw Translate(progress.Exception, name, default);
            return true;
        }, cancellationToken);
        if (range is null) Verify(name, info, hashes);
        return info;
    }

    public async Task<BlobInfo?> StatAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        return await _retry.RunAsync(Where(name), async (_, token) =>
        {
            using var response = await _service.HttpClient.GetAsync($"{ObjectUrl(name)}", token);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                var message = GcsErrorDocument.MessageOf(await response.Content.ReadAsStringAsync(token));
                if (GcsResponses.ErrorFor(response.StatusCode, message, _bucket, name, Where(name)) is BlobNotFoundException) return null;
            }
            await GcsResponses.EnsureSuccessAsync(response, _bucket, name, Where(name));
            return GcsObjectResource.Parse(await response.Content.ReadAsStringAsync(token)).ToBlobInfo(name);
        }, cancellationToken);
    }

    public async Task<BlobPage> ListAsync(string prefix, string? delimiter = null, string? pageToken = null, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidatePrefix(prefix);
        var query = new StringBuilder($"prefix={System.Uri.EscapeDataString(_prefix + prefix)}&maxResults={pageSize.ToString(CultureInfo.InvariantCulture)}");
        if (!string.IsNullOrEmpty(delimiter)) query.Append("&delimiter=").Append(System.Uri.EscapeDataString(delimiter));
        if (pageToken is not null) query.Append("&pageToken=").Append(System.Uri.EscapeDataString(pageToken));
        var list = await _retry.RunAsync(Where(prefix), async (_, token) =>
        {
            using var response = await _service.HttpClient.GetAsync($"{_service.BaseUri}storage/v1/b/{_bucket}/o?{query}", token);
            await GcsResponses.EnsureSuccessAsync(response, _bucket, prefix, Where(prefix));
            return JsonSerializer.Deserialize<GcsObjectList>(await response.Content.ReadAsStringAsync(token)) ?? new GcsObjectList();
        }, cancellationToken);
        var objects = (list.Items ?? []).Where(item => item.Name is not null && item.Name.StartsWith(_prefix, StringComparison.Ordinal))
            .Select(item => item.ToBlobInfo(item.Name![_prefix.Length..])).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        var prefixes = (list.Prefixes ?? []).Select(p => p[_prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        return new BlobPage(objects, prefixes, string.IsNullOrEmpty(list.NextPageToken) ? null : list.NextPageToken);
    }

    public async Task<bool> DeleteAsync(string name, long? ifGenerationMatch = null, CancellationToken cancellationToken = default)
    {
        BlobNames.Validate(name);
        var condition = new WriteCondition(ifGenerationMatch);
        var url = ObjectUrl(name) + (ifGenerationMatch is { } g ? $"?ifGenerationMatch={g}" : "");
        return await _retry.RunAsync(Where(name), async (attempt, token) =>
        {
            using var response = await _service.HttpClient.DeleteAsync(url, token);
            var error = response.IsSuccessStatusCode ? null
                : GcsResponses.ErrorFor(response.StatusCode, GcsErrorDocument.MessageOf(await response.Content.ReadAsStringAsync(token)), _bucket, name, Where(name), condition);
            if (error is null) return true;
            if (error is BlobNotFoundException) return attempt > 1; // gone: by us on an attempt whose answer was lost, or never there
            throw error;
        }, cancellationToken);
    }

    public void Dispose() => _service.Dispose();

    private async Task<BlobInfo> MultipartUploadAsync(string name, Stream content, WriteCondition condition, string writeId, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        using var hashes = ContentHashes.Of(bytes);
        // GCS itself rejects the upload when the bytes it received do not match these checksums.
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = _prefix + name, ["crc32c"] = hashes.Crc32cBase64, ["md5Hash"] = hashes.Md5Base64,
            ["metadata"] = new Dictionary<string, string> { [WriteIdKey] = writeId },
        });
        var url = $"{_service.BaseUri}upload/storage/v1/b/{_bucket}/o?uploadType=multipart{Precondition(condition)}";
        var stored = await _retry.RunAsync(Where(name), async (attempt, token) =>
        {
            using var body = new MultipartContent("related", "mlops-" + writeId);
            body.Add(new StringContent(metadata, Encoding.UTF8, "application/json"));
            var media = new ByteArrayContent(bytes);
            media.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            body.Add(media);
            using var response = await _service.HttpClient.PostAsync(url, body, token);
            if (!response.IsSuccessStatusCode && (int)response.StatusCode == 412 && attempt > 1
                && await WrittenByAsync(name, writeId, token) is { } ours)
                return ours; // an earlier attempt succeeded but its answer was lost
            await GcsResponses.EnsureSuccessAsync(response, _bucket, name, Where(name), condition);
            return GcsObjectResource.Parse(await response.Content.ReadAsStringAsync(token)).ToBlobInfo(name);
        }, cancellationToken);
        await VerifyUploadAsync(name, stored, hashes, bytes.Length, cancellationToken);
        return stored;
    }

    private async Task<BlobInfo> ResumableUploadAsync(string name, Stream content, WriteCondition condition, string writeId, CancellationToken cancellationToken)
    {
        using var hashes = new ContentHashes();
        var length = content.Length - content.Position;
        // Each byte is hashed the first time it is read in order: a resume that seeks back and re-reads leaves the checksum intact.
        var sending = new ObservedReadStream(content, (start, data) =>
        {
            var seen = hashes.Length - start;
            if (seen >= 0 && seen < data.Length) hashes.Append(data[(int)seen..]);
        });
        var upload = new GcsResumableUpload(sending,
            new ResumableUploadOptions { HttpClient = _service.HttpClient },
            token => StartSessionAsync(name, condition, writeId, length, token))
        {
            ChunkSize = _settings.ChunkSize,
        };
        Uri? session = null;
        upload.UploadSessionData += data => session = data.UploadUri;
        var stored = await _retry.RunAsync(Where(name), async (attempt, token) =>
        {
            var progress = session is null
                ? await upload.UploadAsync(token)
                : await upload.ResumeAsync(session, token);
            if (progress.Status != UploadStatus.Completed)
            {
                var error = Translate(progress.Exception, name, condition);
                if (error is PreconditionFailedException && attempt > 1 && await WrittenByAsync(name, writeId, token) is { } ours) return ours;
                throw error;
            }
            return GcsObjectResource.Parse(upload.ResponseBody ?? "{}").ToBlobInfo(name);
        }, cancellationToken);
        await VerifyUploadAsync(name, stored, hashes, length, cancellationToken);
        return stored;
    }

    private async Task<Uri> StartSessionAsync(string name, WriteCondition condition, string writeId, long length, CancellationToken cancellationToken)
    {
        var url = $"{_service.BaseUri}upload/storage/v1/b/{_bucket}/o?uploadType=resumable&name={Escape(name)}{Precondition(condition)}";
        var metadata = JsonSerializer.Serialize(new { name = _prefix + name, metadata = new Dictionary<string, string> { [WriteIdKey] = writeId } });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(metadata, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Upload-Content-Type", "application/octet-stream");
        request.Headers.Add("X-Upload-Content-Length", length.ToString(CultureInfo.InvariantCulture));
        using var response = await _service.HttpClient.SendAsync(request, cancellationToken);
        await GcsResponses.EnsureSuccessAsync(response, _bucket, name, Where(name), condition);
        return response.Headers.Location ?? throw new GcsTransientException("the resumable upload session answer had no Location");
    }

    /// <summary>What the server says it stored must be what we sent; a mismatch is removed again and reported.</summary>
    private async Task VerifyUploadAsync(string name, BlobInfo stored, ContentHashes sent, long length, CancellationToken cancellationToken)
    {
        var problem = stored.Size != length || sent.Length != length ? $"sent {length} bytes, the server stored {stored.Size}"
            : stored.Crc32cBase64 is { } crc && crc != sent.Crc32cBase64 ? $"crc32c sent {sent.Crc32cBase64}, stored {crc}"
            : null;
        if (problem is null) return;
        try { await DeleteAsync(name, stored.Generation, cancellationToken); }
        catch (Core.Errors.MlopsException) { /* the report below matters more; gc will find it */ }
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
        using var response = await _service.HttpClient.GetAsync(ObjectUrl(name), cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        var resource = GcsObjectResource.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return resource.Metadata?.GetValueOrDefault(WriteIdKey) == writeId ? resource.ToBlobInfo(name) : null;
    }

    private Exception Translate(Exception? error, string name, WriteCondition condition) => error switch
    {
        GoogleApiException api => GcsResponses.ErrorFor(api.HttpStatusCode, api.Error?.Message ?? api.Message, _bucket, name, Where(name), condition),
        HttpRequestException or IOException => new GcsTransientException(error.Message, error),
        TaskCanceledException => new GcsTransientException("the request timed out", error),
        null => new GcsTransientException("the transfer stopped without an error"),
        _ => error,
    };

    private static async Task<Stream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        await content.CopyToAsync(file, cancellationToken);
        file.Position = 0;
        return file;
    }

    private static string Precondition(WriteCondition condition) =>
        condition.IfGenerationMatch is { } g ? $"&ifGenerationMatch={g.ToString(CultureInfo.InvariantCulture)}" : "";

    private string ObjectUrl(string name) => $"{_service.BaseUri}storage/v1/b/{_bucket}/o/{Escape(name)}";

    private string Escape(string name) => System.Uri.EscapeDataString(_prefix + name);

    private string Where(string name) => $"gs://{_bucket}/{_prefix}{name}";
}
