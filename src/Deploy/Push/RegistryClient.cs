using System.Net;
using System.Net.Http.Headers;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;

namespace Mlops.Deploy.Push;

/// <summary>
/// The OCI distribution API calls a push needs, with authentication answered on challenge and
/// transient failures (network errors, 429, 5xx) retried. Refusals become <see cref="MlopsException"/>.
/// </summary>
public sealed class RegistryClient
{
    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly RetryPolicy _retry;

    public RegistryClient(
        ImageReference target,
        IRegistryCredentials credentials,
        HttpMessageHandler? handler = null,
        RetryPolicy? retry = null
    )
    {
        Target = target;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = TimeSpan.FromMinutes(10);
        _auth = new RegistryAuthenticator(_http, credentials);
        _retry = retry ?? RetryPolicy.Default;
    }

    public ImageReference Target { get; }

    private string PushScope => $"repository:{Target.Repository}:pull,push";

    private static string PullScope(string repository) => $"repository:{repository}:pull";

    public async Task<bool> BlobExistsAsync(Digest digest, CancellationToken cancel)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Head, new Uri(Target.BaseUri, $"blobs/{digest}")),
            PushScope,
            cancel
        );
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        if (response.IsSuccessStatusCode)
            return true;
        throw await RegistryError.FromAsync(response, $"checking blob {digest.Short}", cancel);
    }

    /// <summary>Opens an upload; with <paramref name="mountFrom"/> first asks to mount the blob from that
    /// repository.</summary>
    /// <returns>Null when the registry mounted the blob, else the upload session's location.</returns>
    public async Task<Uri?> StartUploadAsync(Digest digest, string? mountFrom, CancellationToken cancel)
    {
        var query = mountFrom is null ? "" : $"?mount={digest}&from={Uri.EscapeDataString(mountFrom)}";
        var scope = mountFrom is null ? PushScope : $"{PushScope} {PullScope(mountFrom)}";
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(Target.BaseUri, $"blobs/uploads/{query}")),
            scope,
            cancel
        );
        if (response.StatusCode == HttpStatusCode.Created && mountFrom is not null)
            return null;
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw await RegistryError.FromAsync(response, $"starting the upload of blob {digest.Short}", cancel);
        var location = response.Headers.Location
            ?? throw new MlopsException(
                "the registry opened an upload without a Location header",
                Target.BaseUri.ToString()
            );
        return location.IsAbsoluteUri ? location : new Uri(Target.BaseUri, location);
    }

    /// <summary>Finishes an upload session with the whole blob in one PUT (the Location may already hold a
    /// query).</summary>
    public async Task PutBlobAsync(
        Uri location,
        Digest digest,
        Func<Stream> openContent,
        long size,
        CancellationToken cancel
    )
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        var uri = new Uri($"{location}{separator}digest={Uri.EscapeDataString(digest.ToString())}");
        using var response = await SendAsync(
            () =>
            {
                var content = new StreamContent(openContent());
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.ContentLength = size;
                return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
            },
            PushScope,
            cancel,
            retryTransient: false
        );
        if (response.StatusCode != HttpStatusCode.Created)
            throw await RegistryError.FromAsync(response, $"uploading blob {digest.Short}", cancel);
    }

    /// <summary>Puts the manifest under a tag or its digest; returns the digest the registry computed.</summary>
    public async Task<Digest> PutManifestAsync(
        string reference,
        byte[] manifest,
        string mediaType,
        CancellationToken cancel
    )
    {
        using var response = await SendAsync(
            () =>
            {
                var content = new ByteArrayContent(manifest);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return new HttpRequestMessage(HttpMethod.Put, new Uri(Target.BaseUri, $"manifests/{reference}"))
                {
                    Content = content,
                };
            },
            PushScope,
            cancel
        );
        if (response.StatusCode != HttpStatusCode.Created)
            throw await RegistryError.FromAsync(response, $"putting the manifest {reference}", cancel);
        var header = response.Headers.TryGetValues("Docker-Content-Digest", out var values)
            ? values.FirstOrDefault()
            : null;
        return header is null ? Digest.Of(manifest) : Digest.Parse(header, "Docker-Content-Digest");
    }

    public async Task<bool> ManifestExistsAsync(string reference, CancellationToken cancel)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(
                    HttpMethod.Head,
                    new Uri(Target.BaseUri, $"manifests/{reference}")
                );
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.Manifest));
                return request;
            },
            PushScope,
            cancel
        );
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        if (response.IsSuccessStatusCode)
            return true;
        throw await RegistryError.FromAsync(response, $"looking up manifest {reference}", cancel);
    }

    /// <summary>
    /// Sends a request built by <paramref name="makeRequest"/> (built again for each try), answering
    /// auth challenges once per scope and retrying transient failures when <paramref name="retryTransient"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> makeRequest,
        string scope,
        CancellationToken cancel,
        bool retryTransient = true
    )
    {
        var attempts = retryTransient ? _retry.MaxAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
                await Task.Delay(_retry.DelayBefore(attempt), cancel);
            using var request = makeRequest();
            request.Headers.Authorization = _auth.HeaderFor(scope);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            }
            catch (Exception error) when (IsTransient(error, cancel))
            {
                if (attempt >= attempts)
                    throw new RegistryTransientException(
                        $"could not reach the registry after {attempt} attempt(s): {error.Message}",
                        request.RequestUri?.GetLeftPart(UriPartial.Path),
                        error
                    );
                continue;
            }
            if (
                response.StatusCode == HttpStatusCode.Unauthorized
                && await _auth.AnswerAsync(AuthChallenge.From(response.Headers), scope, cancel)
            )
            {
                response.Dispose();
                attempt--; // answering a challenge is not a failed try
                continue;
            }
            if (
                (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                && attempt < attempts
            )
            {
                response.Dispose();
                continue;
            }
            return response;
        }
    }

    private static bool IsTransient(Exception error, CancellationToken cancel) =>
        error is HttpRequestException or IOException
        || (error is TaskCanceledException && !cancel.IsCancellationRequested);
}
