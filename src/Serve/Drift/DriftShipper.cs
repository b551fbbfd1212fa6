using Microsoft.Extensions.Logging;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Serve.Drift;

/// <summary>
/// Copies each closed drift log file into a bucket (the registry's store) under drift/&lt;server&gt;/&lt;file&gt;,
/// create-only, so `mlops drift --current` can read a whole fleet's traffic. A failed copy is logged and the
/// local file stays (rotation keeps a bounded number), never failing a request.
/// </summary>
public sealed class DriftShipper(IBlobStore store, string server, ILogger log)
{
    public const string Prefix = "drift/";

    public static string ObjectName(string server, string file) => $"{Prefix}{server}/{Path.GetFileName(file)}";

    /// <summary>
    /// Refuses at start what would otherwise surface at the first request (the store is opened with the drift log,
    /// lazily): a bucket URI of an unknown scheme — every prediction answered 400 naming --registry —, or
    /// nothing to
    /// ship.
    /// </summary>
    public static void CheckDestination(ServeOptions options)
    {
        if (options.DriftUpload is not { } upload)
            return;
        if (options.DriftLogFolder is null)
            throw new MlopsException(
                "--drift-upload copies the files --drift-log writes: give --drift-log too",
                "--drift-upload"
            );
        var scheme = upload.IndexOf("://", StringComparison.Ordinal) is var end and >= 0
            ? upload[..end].ToLowerInvariant()
            : "file";
        if (scheme is not ("file" or "gs"))
            throw new MlopsException(
                $"unsupported bucket URI '{upload}': use file://<folder> or gs://<bucket>/<prefix>",
                "--drift-upload"
            );
    }

    public void Attach(DriftLog driftLog) => driftLog.FileClosed += file => _ = ShipAsync(file);

    public async Task ShipAsync(string file)
    {
        try
        {
            await using var content = File.OpenRead(file);
            await store.PutAsync(ObjectName(server, file), content, WriteCondition.DoesNotExist);
        }
        catch (Exception error)
            when (error is IOException or PreconditionFailedException or MlopsException or HttpRequestException)
        {
            log.LogWarning("drift log {File} was not copied to {Store}: {Error}", file, store.Uri, error.Message);
        }
    }
}
