using Google.Apis.Upload;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// Google.Apis' resumable upload (chunking, Content-Range bookkeeping, resume from the committed
/// offset) with our own session start: a POST to /upload/storage/v1 carrying the name, the
/// preconditions and the custom metadata. Keeps the final object resource the server returns.
/// </summary>
internal sealed class GcsResumableUpload(Stream content, ResumableUploadOptions options, Func<CancellationToken, Task<Uri>> startSession)
    : ResumableUpload(content, options)
{
    public string? ResponseBody { get; private set; }

    public override Task<Uri> InitiateSessionAsync(CancellationToken cancellationToken = default) => startSession(cancellationToken);

    protected override void ProcessResponse(HttpResponseMessage response)
    {
        ResponseBody = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }
}
