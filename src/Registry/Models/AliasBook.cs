using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>
/// Aliases moved by compare-and-swap on the alias object, each move appended to an append-only history
/// (one create-only object per move, numbered by the alias's sequence). Before moving, the mover makes
/// sure the previous move's event is in the history, so a crash between the two writes loses nothing.
/// </summary>
public sealed class AliasBook(IBlobStore store, VersionCatalog catalog, string actor, WebhookNotifier? webhook = null)
{
    private const int MaxRaces = 200;

    public async Task<AliasState?> StateAsync(
        string model,
        string alias,
        CancellationToken cancellationToken = default
    ) =>
        (
            await RegistryJson.ReadAsync<AliasState>(
                store,
                RegistryLayout.Alias(RegistryNames.Model(model), RegistryNames.Alias(alias)),
                cancellationToken
            )
        )?.Value;

    public async Task<IReadOnlyList<AliasState>> AllAsync(string model, CancellationToken cancellationToken = default)
    {
        var states = new List<AliasState>();
        await foreach (
            var blob in store.ListAllAsync(RegistryLayout.Aliases(RegistryNames.Model(model)), cancellationToken)
        )
            if (await RegistryJson.ReadAsync<AliasState>(store, blob.Name, cancellationToken) is { } state)
                states.Add(state.Value);
        return states;
    }

    /// <summary>Moves the alias to the version, unless the gate refuses. Returns the event, or null when the alias
    /// already held it.</summary>
    public async Task<AliasEvent?> PromoteAsync(PromoteRequest request, CancellationToken cancellationToken = default)
    {
        var model = RegistryNames.Model(request.Model);
        RegistryNames.Alias(request.Alias);
        PromotionGate.EnsureForceHasReason(request);
        var candidate = await catalog.CardAsync(model, request.Version, cancellationToken);
        return await MoveAsync(
            model,
            request.Alias,
            async current =>
            {
                if (current?.Version == request.Version)
                    return null;
                var holder = current is null ? null : await HolderCardAsync(model, current.Version, cancellationToken);
                var refusal = PromotionGate.Check(request, candidate, holder);
                if (refusal is not null && !request.Force)
                    throw new MlopsException(
                        $"promotion refused: {refusal}; use --force with --reason to override",
                        $"{model}:{request.Version} → {request.Alias}"
                    );
                var previous = current is null ? new List<int>() : [.. current.Previous, current.Version];
                return new AliasDecision(
                    request.Version,
                    previous,
                    refusal is null ? "promote" : "force-promote",
                    request.Reason,
                    request.Follows
                );
            },
            cancellationToken
        );
    }

    /// <summary>Returns the alias to the version it held before its last promotion.</summary>
    public async Task<AliasEvent> RollbackAsync(
        string model,
        string alias,
        string? reason,
        CancellationToken cancellationToken = default
    )
    {
        RegistryNames.Model(model);
        RegistryNames.Alias(alias);
        var move = await MoveAsync(
            model,
            alias,
            current =>
            {
                if (current is null)
                    throw new MlopsException($"model '{model}' has no alias '{alias}'", $"{model}@{alias}");
                if (current.Previous.Count == 0)
                    throw new MlopsException(
                        $"alias '{alias}' has no earlier version to return to (it has held only version "
                            + $"{current.Version})",
                        $"{model}@{alias}"
                    );
                var target = current.Previous[^1];
                return Task.FromResult<AliasDecision?>(
                    new AliasDecision(
                        target,
                        current.Previous.Take(current.Previous.Count - 1).ToList(),
                        "rollback",
                        reason,
                        Follows: null
                    )
                );
            },
            cancellationToken
        );
        return move!;
    }

    /// <summary>Every recorded move of every alias, oldest first.</summary>
    public async Task<IReadOnlyList<AliasEvent>> HistoryAsync(
        string model,
        CancellationToken cancellationToken = default
    )
    {
        RegistryNames.Model(model);
        var events = new Dictionary<(string, long), AliasEvent>();
        await foreach (var blob in store.ListAllAsync(RegistryLayout.History(model), cancellationToken))
            if (await RegistryJson.ReadAsync<AliasEvent>(store, blob.Name, cancellationToken) is { } read)
                events[(read.Value.Alias, read.Value.Sequence)] = read.Value;
        foreach (var state in await AllAsync(model, cancellationToken)) // a move whose event write was interrupted
            events.TryAdd((state.Alias, state.Sequence), state.LastEvent);
        return events
            .Values.OrderBy(e => e.At)
            .ThenBy(e => e.Alias, StringComparer.Ordinal)
            .ThenBy(e => e.Sequence)
            .ToList();
    }

    private async Task<AliasEvent?> MoveAsync(
        string model,
        string alias,
        Func<AliasState?, Task<AliasDecision?>> decide,
        CancellationToken cancellationToken
    )
    {
        var name = RegistryLayout.Alias(model, alias);
        for (var race = 0; race < MaxRaces; race++)
        {
            var read = await RegistryJson.ReadAsync<AliasState>(store, name, cancellationToken);
            var current = read?.Value;
            if (current is not null)
                await RecordAsync(current.LastEvent, cancellationToken);
            var decision = await decide(current);
            if (decision is not { } move)
                return null;
            await catalog.CardAsync(model, move.To, cancellationToken); // the target must still be visible
            var sequence = (current?.Sequence ?? 0) + 1;
            var moved = new AliasEvent
            {
                Model = model,
                Alias = alias,
                Sequence = sequence,
                Action = move.Action,
                From = current?.Version,
                To = move.To,
                Actor = actor,
                At = DateTimeOffset.UtcNow,
                Reason = move.Reason,
                Follows = move.Follows,
            };
            var next = new AliasState
            {
                Alias = alias,
                Version = move.To,
                Sequence = sequence,
                Previous = move.Previous,
                LastEvent = moved,
            };
            try
            {
                await RegistryJson.WriteAsync(
                    store,
                    name,
                    next,
                    WriteCondition.Replacing(read?.Info),
                    cancellationToken
                );
            }
            catch (PreconditionFailedException)
            {
                // someone moved it first: re-read, decide again
                await Task.Delay(Random.Shared.Next(1, 10 + race * 5), cancellationToken);
                continue;
            }
            await RecordAsync(moved, cancellationToken);
            if (webhook is not null)
                await webhook.NotifyAsync(moved, cancellationToken);
            return moved;
        }
        throw new MlopsException($"alias '{alias}' kept changing under us ({MaxRaces} attempts)", name);
    }

    /// <summary>The current holder's card; none when it was force-deleted (nothing left to compare against).</summary>
    private async Task<ModelCard?> HolderCardAsync(string model, int version, CancellationToken cancellationToken)
    {
        var tombstone = await store.StatAsync(RegistryLayout.Tombstone(model, version), cancellationToken);
        return tombstone is null ? await catalog.CardAsync(model, version, cancellationToken) : null;
    }

    private async Task RecordAsync(AliasEvent move, CancellationToken cancellationToken)
    {
        try
        {
            await RegistryJson.WriteAsync(
                store,
                RegistryLayout.Event(move.Model, move.Alias, move.Sequence),
                move,
                WriteCondition.DoesNotExist,
                cancellationToken
            );
        }
        catch (PreconditionFailedException) { } // already recorded (by us before a crash, or by the next mover)
    }
}

/// <summary>Where a move takes an alias, and what its history records about it.</summary>
internal sealed record AliasDecision(int To, List<int> Previous, string Action, string? Reason, AliasFollow? Follows);
