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

    public static GcsSettings FromEnvironment() => new()
    {
        EmulatorHost = Environment.GetEnvironmentVariable("STORAGE_EMULATOR_HOST") is { Length: > 0 } host ? host : null,
    };
}
