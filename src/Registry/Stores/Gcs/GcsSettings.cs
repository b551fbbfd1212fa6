namespace Mlops.Registry.Stores.Gcs;

/// <summary>How to reach Google Cloud Storage: endpoint, credentials, retries, upload sizes.</summary>
public sealed record GcsSettings
{
    /// <summary>host:port of an emulator (STORAGE_EMULATOR_HOST, as the official clients read it); no authentication is sent then.</summary>
    public string? EmulatorHost { get; init; }

    /// <summary>A service-account key file; when null, application default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud login, metadata server).</summary>
    public string? CredentialFile { get; init; }

    /// <summary>Total tries of one request on 408/429/5xx and network errors, with exponential backoff and jitter.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Objects at least this large go through a resumable upload; smaller ones in one multipart request.</summary>
    public long ResumableThreshold { get; init; } = 8L << 20;

    /// <summary>Resumable upload chunk (a multiple of 256 KiB).</summary>
    public int ChunkSize { get; init; } = 16 << 20;

    /// <summary>Replaces the HTTP stack (tests feed recorded GCS answers through it).</summary>
    public Google.Apis.Http.IHttpClientFactory? HttpClientFactory { get; init; }

    /// <summary>STORAGE_EMULATOR_HOST; MLOPS_GCS_CHUNK_MB overrides the resumable chunk (the firebase emulator needs one chunk per object).</summary>
    public static GcsSettings FromEnvironment()
    {
        var settings = new GcsSettings
        {
            EmulatorHost = Environment.GetEnvironmentVariable("STORAGE_EMULATOR_HOST") is { Length: > 0 } host ? host : null,
        };
        if (Environment.GetEnvironmentVariable("MLOPS_GCS_CHUNK_MB") is { Length: > 0 } text)
        {
            if (!int.TryParse(text, out var megabytes) || megabytes is < 1 or > 1024)
                throw new Core.Errors.MlopsException($"'{text}' is not a chunk size in MiB between 1 and 1024", "MLOPS_GCS_CHUNK_MB");
            settings = settings with { ChunkSize = megabytes << 20 };
        }
        return settings;
    }
}
