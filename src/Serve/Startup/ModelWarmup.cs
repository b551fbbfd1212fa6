using System.Runtime.CompilerServices;
using Mlops.Onnx;
using Mlops.Serve.Models;

namespace Mlops.Serve.Startup;

/// <summary>
/// One inference on a blank image right after a model loads at start: ORT's first run (buffer allocation, kernel
/// choice) and the JIT of the inference path are paid before /ready says yes, not by the first user's request.
/// It bypasses the batcher, so metrics count only real requests.
/// </summary>
public static class ModelWarmup
{
    /// <summary>When each version finished its warm-up run; weak keys, so retired versions are not kept
    /// alive.</summary>
    private static readonly ConditionalWeakTable<ModelVersion, StrongBox<DateTime>> Warmed = new();

    /// <returns>False when ORT refused the blank image: the warm-up is only an optimisation, and a model that
    /// truly cannot run says so to the first request, with the request's own input.</returns>
    public static bool WarmUp(this ModelVersion version)
    {
        try
        {
            version.RunDirect(new float[version.Signature.ItemLength], 1);
        }
        catch (Exception error) when (error is OnnxModelException or ObjectDisposedException)
        {
            return false;
        }

        Warmed.AddOrUpdate(version, new StrongBox<DateTime>(DateTime.UtcNow));
        return true;
    }

    /// <summary>When <paramref name="version"/> was warmed up (UTC), or null if it never was.</summary>
    public static DateTime? WarmedAt(ModelVersion version) => Warmed.TryGetValue(version, out var at) ? at.Value : null;
}
