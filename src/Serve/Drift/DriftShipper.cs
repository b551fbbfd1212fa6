using Microsoft.Extensions.Logging;
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

    public void Attach(DriftLog driftLog) => driftLog.FileClosed += file => _ = ShipAsync(file);

    public async Task ShipAsync(string file)
    {
        try
        {
            await using var content = File.OpenRead(file);
            await store.PutAsync(ObjectName(server, file), content, WriteCondition.DoesNotExist);
        }
        catch (Exception error) when (error is IOException or PreconditionFailedException or Mlops.Core.Errors.MlopsException or HttpRequestException)
        {
            log.LogWarning("drift log {File} was not copied to {Store}: {Error}", file, store.Uri, error.Message);
        }
    }
}
