using System.Globalization;
using Mlops.Core.Errors;

namespace Mlops.Registry.Models;

/// <summary>Refuses to move an alias to a version whose recorded metric is worse than the current holder's.</summary>
public static class PromotionGate
{
    /// <returns>Why the candidate is refused, or null when it passes.</returns>
    public static string? Check(PromoteRequest request, ModelCard candidate, ModelCard? holder)
    {
        if (holder is null || holder.Version == candidate.Version)
            return null;
        if (!holder.Metrics.TryGetValue(request.Metric, out var held))
            return null; // nothing to compare against
        if (!candidate.Metrics.TryGetValue(request.Metric, out var proposed))
            return $"version {candidate.Version} records no '{request.Metric}' while version {holder.Version} (on "
                + $"'{request.Alias}') has {Format(held)}";
        var worse = request.LowerIsBetter ? proposed > held : proposed < held;
        return worse
            ? $"version {candidate.Version} has {request.Metric} {Format(proposed)}, worse than {Format(held)} of "
                + $"version {holder.Version} on '{request.Alias}' ({(request.LowerIsBetter ? "lower" : "higher")} is "
                + $"better)"
            : null;
    }

    public static void EnsureForceHasReason(PromoteRequest request)
    {
        if (request.Force && string.IsNullOrWhiteSpace(request.Reason))
            throw new MlopsException(
                "--force needs a --reason: the history records why the gate was overridden",
                "--reason"
            );
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
