using System.Net;
using Google;
using Mlops.Core.Errors;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>A failure worth retrying: HTTP 408/429/5xx, a dropped connection, a timeout.</summary>
internal sealed class GcsTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What the library throws, as our errors: transient (retried), not found, lost race, or a user
/// error.</summary>
internal static class GcsErrors
{
    public static Exception Translate(
        Exception error,
        string bucket,
        string objectName,
        string where,
        WriteCondition condition = default
    ) =>
        error switch
        {
            GoogleApiException api => ForStatus(
                api.HttpStatusCode,
                api.Error?.Message ?? api.Message,
                bucket,
                objectName,
                where,
                condition
            ),
            HttpRequestException or IOException => new GcsTransientException(error.Message, error),
            TaskCanceledException or TimeoutException => new GcsTransientException("the request timed out", error),
            _ => error,
        };

    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    private static Exception ForStatus(
        HttpStatusCode status,
        string message,
        string bucket,
        string objectName,
        string where,
        WriteCondition condition
    )
    {
        var code = (int)status;
        if (IsTransient(status))
            return new GcsTransientException($"HTTP {code}: {message}");
        if (code == 412)
            return new PreconditionFailedException(objectName, condition);
        if (code == 404 && message.Contains("bucket does not exist", StringComparison.OrdinalIgnoreCase))
            return new MlopsException(
                $"bucket '{bucket}' does not exist (or these credentials cannot see it): {message}",
                $"gs://{bucket}"
            );
        if (code == 404)
            return new BlobNotFoundException(objectName);
        if (code is 401 or 403)
            return new MlopsException(
                $"Google Cloud Storage refused access (HTTP {code}): {message} — check the "
                    + "credentials and the bucket's IAM permissions",
                where
            );
        return new MlopsException($"Google Cloud Storage answered HTTP {code}: {message}", where);
    }
}
