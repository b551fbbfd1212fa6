namespace Mlops.Registry.Stores.Gcs;

/// <summary>How to reach Google Cloud Storage: endpoint, credentials, retries, upload chunk size.</summary>
public sealed record GcsSettings
{
    /// <summary>host:port of an emulator (STORAGE_EMULATOR_HOST); no authentication is sent then.</summary>
    public string? EmulatorHost { get; init; }

    /// <summary>A service-account key file; when null, application default credentials.</summary>
    public string? CredentialFile { get; init; }

    /// <summary>Tries of one request (or one whole upload/download) on 408/429/5xx and network errors.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>First backoff between tries; it doubles (with jitter in our own retries) up to 32 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Resumable upload chunk, a multiple of 256 KiB. Every upload is resumable; the firebase emulator
    /// finishes an upload on its first chunk, so against it objects must fit in one chunk.</summary>
    public int ChunkSize { get; init; } = 16 << 20;

    /// <summary>Replaces the HTTP stack (tests feed recorded GCS answers through it).</summary>
    public Google.Apis.Http.IHttpClientFactory? HttpClientFactory { get; init; }

    /// <summary>STORAGE_EMULATOR_HOST; MLOPS_GCS_CHUNK_MB overrides the upload chunk.</summary>
    public static GcsSettings FromEnvironment()
    {
        var settings = new GcsSettings
        {
            EmulatorHost = Environment.GetEnvironmentVariable("STORAGE_EMULATOR_HOST") is { Length: > 0 } host
                ? host
                : null,
        };
        if (Environment.GetEnvironmentVariable("MLOPS_GCS_CHUNK_MB") is { Length: > 0 } text)
        {
            if (!int.TryParse(text, out var megabytes) || megabytes is < 1 or > 1024)
                throw new Core.Errors.MlopsException(
                    $"'{text}' is not a chunk size in MiB between 1 and 1024",
                    "MLOPS_GCS_CHUNK_MB"
                );
            settings = settings with { ChunkSize = megabytes << 20 };
        }
        return settings;
    }
}
