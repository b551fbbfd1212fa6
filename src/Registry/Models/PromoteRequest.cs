namespace Mlops.Registry.Models;

/// <summary>
/// Move <see cref="Alias"/> to <see cref="Version"/>. The gate compares <see cref="Metric"/> recorded in
/// both cards; a worse candidate needs <see cref="Force"/> and a <see cref="Reason"/>.
/// </summary>
public sealed record PromoteRequest(string Model, int Version, string Alias)
{
    public string? Reason { get; init; }

    /// <summary>Recorded with the move when a release step makes it (the alias then follows that
    /// deployment).</summary>
    public AliasFollow? Follows { get; init; }
    public bool Force { get; init; }
    public string Metric { get; init; } = "accuracy";
    public bool LowerIsBetter { get; init; }
}
