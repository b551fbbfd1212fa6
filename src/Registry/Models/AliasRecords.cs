namespace Mlops.Registry.Models;

/// <summary>One move of an alias, as kept forever in the history.</summary>
public sealed record AliasEvent
{
    public required string Model { get; init; }
    public required string Alias { get; init; }
    public required long Sequence { get; init; }
    public required string Action { get; init; } // promote | force-promote | rollback
    public int? From { get; init; }
    public required int To { get; init; }
    public required string Actor { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Reason { get; init; }

    /// <summary>The deployment this move followed (a release step), or null for a move made by hand.</summary>
    public AliasFollow? Follows { get; init; }
}

/// <summary>
/// A deployment an alias follows: its last move was made by a release step that sent traffic to
/// <paramref name="Revision"/> of <paramref name="Service"/>, in <paramref name="Role"/> (<see cref="Serving"/>: the
/// revision serving most traffic; <see cref="Canary"/>: the canary). Typed, so nothing is read back from the reason.
/// </summary>
public sealed record AliasFollow(string Service, string Revision, string Role)
{
    public const string Serving = "serving";
    public const string Canary = "canary";
}

/// <summary>
/// The alias object, replaced by compare-and-swap: the version it points at, the versions it held
/// before (for rollback), and the event of its last move (so a crash between the alias write and
/// the history write can be repaired by the next mover).
/// </summary>
public sealed record AliasState
{
    public required string Alias { get; init; }
    public required int Version { get; init; }
    public required long Sequence { get; init; }
    public IReadOnlyList<int> Previous { get; init; } = [];
    public required AliasEvent LastEvent { get; init; }
}
