using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Apis.Services;
using Mlops.Core.Errors;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// The Google API client plumbing for the storage JSON API: an authenticated HttpClient (none against
/// an emulator) that MediaDownloader and ResumableUpload can use. Google's own backoff is off: our
/// retry policy (<see cref="GcsRetry"/>) decides.
/// </summary>
internal sealed class GcsClientService : BaseClientService
{
    private const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";

    private GcsClientService(Initializer initializer, string baseUri) : base(initializer)
    {
        BaseUri = baseUri;
    }

    public override string Name => "storage";
    public override string BaseUri { get; }
    public override string BasePath => "storage/v1/";
    public override IList<string> Features => [];

    public static GcsClientService Create(GcsSettings settings)
    {
        var initializer = new Initializer
        {
            ApplicationName = "mlops",
            GZipEnabled = false, // checksums are over the stored bytes
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            HttpClientTimeout = settings.RequestTimeout,
            HttpClientInitializer = settings.EmulatorHost is null ? Credential(settings) : null,
        };
        if (settings.HttpClientFactory is not null) initializer.HttpClientFactory = settings.HttpClientFactory;
        return new GcsClientService(initializer, EndpointOf(settings));
    }

    private static string EndpointOf(GcsSettings settings)
    {
        if (settings.EmulatorHost is not { } host) return "https://storage.googleapis.com/";
        return (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host).TrimEnd('/') + "/";
    }

    private static GoogleCredential Credential(GcsSettings settings)
    {
        try
        {
            var credential = settings.CredentialFile is { } file
                ? CredentialFactory.FromFile<ServiceAccountCredential>(file).ToGoogleCredential()
                : GoogleCredential.GetApplicationDefault();
            return credential.CreateScoped(Scope);
        }
        catch (Exception error)
        {
            // GetApplicationDefault wraps its reasons in an AggregateException; the innermost says what is missing.
            var reason = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0].Message : error.Message;
            throw new MlopsException(
                $"no usable Google credentials: {reason} — set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, run `gcloud auth application-default login`, run on Google Cloud (metadata server), or set STORAGE_EMULATOR_HOST for an emulator",
                settings.CredentialFile ?? "application default credentials", error);
        }
    }
}
