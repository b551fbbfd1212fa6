using System.Net;
using Mlops.Core.Errors;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>Turns a GCS answer that is not a success into the right exception: transient (retried), not found, precondition, or a user error.</summary>
internal static class GcsResponses
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string bucket, string objectName, string where, WriteCondition condition = default)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw ErrorFor(response.StatusCode, GcsErrorDocument.MessageOf(body), bucket, objectName, where, condition);
    }

    public static Exception ErrorFor(HttpStatusCode status, string message, string bucket, string objectName, string where, WriteCondition condition = default)
    {
        var code = (int)status;
        if (code is 408 or 429 or >= 500)
            return new GcsTransientException($"HTTP {code}: {message}");
        if (code == 412)
            return new PreconditionFailedException(objectName, condition);
        if (code == 404 && message.Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase))
            return new MlopsException($"bucket '{bucket}' does not exist (or these credentials cannot see it): {message}", $"gs://{bucket}");
        if (code == 404)
            return new BlobNotFoundException(objectName);
        if (code is 401 or 403)
            return new MlopsException(
                $"Google Cloud Storage refused access (HTTP {code}): {message} — check the credentials and the bucket's IAM permissions",
                where);
        return new MlopsException($"Google Cloud Storage answered HTTP {code}: {message}", where);
    }
}
