using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Cloud.Storage.V1;
using Mlops.Core.Errors;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>Builds the library's StorageClient for our settings: credentials or an emulator, tries, timeout.</summary>
internal static class GcsClientFactory
{
    public static StorageClient Create(GcsSettings settings)
    {
        var builder = new StorageClientBuilder
        {
            ApplicationName = "mlops",
            HttpClientFactory = new TriesAndTimeout(settings.HttpClientFactory ?? new HttpClientFactory(), settings),
        };
        if (settings.EmulatorHost is { } host)
        {
            // The builder's own emulator detection sends some calls to /b/... without /storage/v1/; this does not.
            builder.BaseUri =
                (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host).TrimEnd('/')
                + "/storage/v1/";
            builder.UnauthenticatedAccess = true;
        }
        else
        {
            builder.GoogleCredential = Credential(settings);
        }
        return builder.Build();
    }

    private static GoogleCredential Credential(GcsSettings settings)
    {
        try
        {
            return settings.CredentialFile is { } file
                ? CredentialFactory.FromFile<ServiceAccountCredential>(file).ToGoogleCredential()
                : GoogleCredential.GetApplicationDefault();
        }
        catch (Exception error)
        {
            // GetApplicationDefault wraps its reasons in an AggregateException; the innermost says what is missing.
            var reason = error is AggregateException aggregate
                ? aggregate.Flatten().InnerExceptions[0].Message
                : error.Message;
            throw new MlopsException(
                $"no usable Google credentials: {reason} — set "
                    + "GOOGLE_APPLICATION_CREDENTIALS to a service-account key "
                    + "file, run `gcloud auth application-default login`, run on Google Cloud (metadata server), "
                    + "or set STORAGE_EMULATOR_HOST for an emulator",
                settings.CredentialFile ?? "application default credentials",
                error
            );
        }
    }

    /// <summary>The library retries a request at most NumTries times (default 3): make that our MaxAttempts.</summary>
    private sealed class TriesAndTimeout(IHttpClientFactory inner, GcsSettings settings) : IHttpClientFactory
    {
        public ConfigurableHttpClient CreateHttpClient(CreateHttpClientArgs args)
        {
            var client = inner.CreateHttpClient(args);
            client.MessageHandler.NumTries = Math.Clamp(
                settings.MaxAttempts,
                1,
                ConfigurableMessageHandler.MaxAllowedNumTries
            );
            client.Timeout = settings.RequestTimeout;
            return client;
        }
    }
}
