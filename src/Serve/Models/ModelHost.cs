using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Errors;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;
using Mlops.Serve.Metrics;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions; // not ASP.NET Core's session-state options

namespace Mlops.Serve.Models;

/// <summary>
/// Serves several models in one process, each chosen per request by name. Models load on first use (or at
/// start), the least recently used are unloaded when the memory cap is passed, a reload loads the new
/// version beside the old one and switches atomically, and a failed load leaves the previous version serving.
/// </summary>
public sealed class ModelHost : IAsyncDisposable
{
    private const int EnqueueAttempts = 8;
    private readonly ConcurrentDictionary<string, ModelSlot> _slots;
    private readonly ServeMetrics _metrics;
    private readonly ILogger _log;
    private readonly Func<SessionOptions> _newSessionOptions;
    private readonly BatchingOptions _batching;
    private readonly long _memoryCapBytes;
    private readonly ConcurrentDictionary<Task, byte> _draining = new();
    private long _clock;

    public ModelHost(
        IEnumerable<(string Name, IModelSource Source)> models,
        ServeMetrics metrics,
        ILogger log,
        Func<SessionOptions> newSessionOptions,
        BatchingOptions batching,
        long memoryCapBytes
    )
    {
        _slots = new ConcurrentDictionary<string, ModelSlot>(StringComparer.Ordinal);
        foreach (var (name, source) in models)
            if (!_slots.TryAdd(name, new ModelSlot(name, source)))
                throw new MlopsException($"model name '{name}' is given twice", "--model");
        _metrics = metrics;
        _log = log;
        _newSessionOptions = newSessionOptions;
        _batching = batching;
        _memoryCapBytes = memoryCapBytes;
        metrics.Sampling += () =>
        {
            foreach (var slot in _slots.Values)
                metrics.QueueLength.WithLabels(slot.Name).Set(slot.Current?.Batcher.QueueLength ?? 0);
        };
    }

    public IReadOnlyCollection<string> Names => _slots.Keys.Order(StringComparer.Ordinal).ToList();

    public bool Serves(string name) => _slots.ContainsKey(name);

    public BatchingOptions Batching => _batching;

    /// <summary>True when the served model <paramref name="name"/> comes from registry model <paramref
    /// name="registryModel"/>.</summary>
    public bool Follows(string name, string registryModel) =>
        Slot(name).Source is RegistryModelSource registry && registry.Reference.Model == registryModel;

    public ModelStatus Status(string name)
    {
        var slot = Slot(name);
        var current = slot.Current;
        return new ModelStatus(
            slot.Name,
            slot.Source.Description,
            current,
            slot.LastError,
            slot.LastErrorAt,
            slot.EverLoaded
        );
    }

    public IReadOnlyList<ModelStatus> StatusAll() => Names.Select(Status).ToList();

    /// <summary>The version serving <paramref name="name"/> now, loading it first if needed.</summary>
    public async Task<ModelVersion> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var slot = Slot(name);
        slot.Touch(Interlocked.Increment(ref _clock));
        return slot.Current ?? await LoadAsync(slot, cancellationToken);
    }

    /// <summary>
    /// Pre-processes with the serving version's signature, queues every row and waits for all of them (a lone row on
    /// an idle model runs at once on this thread instead).
    /// A row offered to a version that is being drained (reload, unload) is offered again to the next one.
    /// </summary>
    public async Task<(ModelVersion Version, BatchResult[] Results)> RunAsync<TPrepared>(
        string name,
        string? version,
        Func<ModelVersion, TPrepared> prepare,
        Func<TPrepared, IReadOnlyList<float[]>> rows,
        CancellationToken cancellationToken
    )
    {
        for (var attempt = 0; attempt < EnqueueAttempts; attempt++)
        {
            var serving = await AcquireAsync(name, cancellationToken);
            if (version is not null && version != serving.Version)
                throw new ServeException(
                    404,
                    $"version '{version}' of model '{name}' is not served (serving version {serving.Version})",
                    "version"
                );
            var inputs = rows(prepare(serving));
            if (inputs.Count == 1 && serving.Batcher.TryRunAlone(inputs[0], cancellationToken) is { } alone)
                return (serving, [alone]); // an idle model: run on this thread, skipping the queue
            var pending = new List<Task<BatchResult>>(inputs.Count);
            var closed = false;
            foreach (var input in inputs)
            {
                var queued = serving.Batcher.TryEnqueue(input, cancellationToken);
                if (queued is null)
                {
                    closed = true;
                    break;
                }

                pending.Add(queued);
            }

            if (closed && pending.Count == 0)
                continue; // nothing reached the old version: try the new one
            if (closed)
            {
                // Some rows went to the draining version (they will finish there), the rest go to the new one.
                var rest = await RunAsync(
                    name,
                    null,
                    _ => inputs.Skip(pending.Count).ToList(),
                    x => x,
                    cancellationToken
                );
                var first = await Task.WhenAll(pending);
                return (serving, [.. first, .. rest.Results]);
            }

            return (serving, await Task.WhenAll(pending));
        }

        throw new ServeException(
            503,
            $"model '{name}' kept switching versions while this request was queued; retry",
            name
        )
        {
            RetryAfterSeconds = 1,
        };
    }

    /// <summary>Loads the version the source points at now if it differs from the serving one; keeps the old one on
    /// failure.</summary>
    public async Task<ReloadOutcome> ReloadAsync(string name, CancellationToken cancellationToken)
    {
        var slot = Slot(name);
        await slot.LoadLock.WaitAsync(cancellationToken);
        try
        {
            var current = slot.Current;
            if (current is null)
                return ReloadOutcome.NotLoaded; // a lazy model loads the newest version on first use
            string? target;
            try
            {
                target = await slot.Source.CurrentVersionAsync(cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                RecordFailure(slot, error);
                return ReloadOutcome.Failed;
            }

            if (target is null || target == current.Version)
                return ReloadOutcome.Unchanged;
            ModelVersion next;
            try
            {
                next = await LoadVersionAsync(slot, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return ReloadOutcome.Failed; // recorded; the previous version keeps serving
            }

            if (next.Version == current.Version)
            {
                Retire(next, keepMetric: true);
                return ReloadOutcome.Unchanged;
            }

            Retire(slot.Swap(next));
            _metrics.Reloads.WithLabels(name).Inc();
            _log.LogInformation(
                "model {Model}: version {Old} → {New} without a restart",
                name,
                current.Version,
                next.Version
            );
            return ReloadOutcome.Switched;
        }
        finally
        {
            slot.LoadLock.Release();
        }
    }

    /// <summary>Waits until every retired version has drained (used at shutdown and by tests).</summary>
    public Task DrainRetiredAsync() => Task.WhenAll(_draining.Keys.ToArray());

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values)
            Retire(slot.Swap(null));
        await DrainRetiredAsync();
    }

    private ModelSlot Slot(string name) =>
        _slots.TryGetValue(name, out var slot)
            ? slot
            : throw new ServeException(
                404,
                $"unknown model '{name}'; served models: {string.Join(", ", Names)}",
                "model"
            );

    private async Task<ModelVersion> LoadAsync(ModelSlot slot, CancellationToken cancellationToken)
    {
        await slot.LoadLock.WaitAsync(cancellationToken);
        try
        {
            if (slot.Current is { } loaded)
                return loaded; // another request loaded it while we waited
            ModelVersion version;
            try
            {
                version = await LoadVersionAsync(slot, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                throw new ServeException(
                    503,
                    $"model '{slot.Name}' could not be loaded: {error.Message}",
                    slot.Source.Description
                )
                {
                    RetryAfterSeconds = 5,
                };
            }

            slot.Swap(version);
            EnforceMemoryCap(slot);
            return version;
        }
        finally
        {
            slot.LoadLock.Release();
        }
    }

    private async Task<ModelVersion> LoadVersionAsync(ModelSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            var artifact = await slot.Source.FetchAsync(cancellationToken);
            var version = await Task.Run(
                () =>
                {
                    using var sessionOptions = _newSessionOptions();
                    return ModelVersion.Load(
                        slot.Name,
                        artifact,
                        sessionOptions,
                        _batching,
                        _metrics.ObserverFor(slot.Name)
                    );
                },
                cancellationToken
            );
            _metrics.LoadSeconds.WithLabels(slot.Name, version.Version).Set(version.LoadTime.TotalSeconds);
            _metrics.Loaded.WithLabels(slot.Name, version.Version).Set(1);
            slot.EverLoaded = true;
            slot.LastError = null;
            slot.LastErrorAt = null;
            _log.LogInformation(
                "model {Model} version {Version} loaded from {Path} in {Ms:0} ms",
                slot.Name,
                version.Version,
                artifact.OnnxPath,
                version.LoadTime.TotalMilliseconds
            );
            return version;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            RecordFailure(slot, error);
            throw;
        }
    }

    private void RecordFailure(ModelSlot slot, Exception error)
    {
        slot.LastError = error is MlopsException { Where: { } where } ? $"{where}: {error.Message}" : error.Message;
        slot.LastErrorAt = DateTimeOffset.UtcNow;
        _metrics.LoadFailures.WithLabels(slot.Name).Inc();
        _log.LogWarning(
            "model {Model}: load failed, {Serving}: {Error}",
            slot.Name,
            slot.Current is { } c ? $"version {c.Version} keeps serving" : "nothing serving",
            slot.LastError
        );
    }

    /// <summary>Unloads least recently used models (never <paramref name="keep"/>) until the loaded ones fit the
    /// cap.</summary>
    private void EnforceMemoryCap(ModelSlot keep)
    {
        long Total() => _slots.Values.Sum(s => s.Current?.SizeBytes ?? 0);
        foreach (
            var victim in _slots.Values.Where(s => s != keep && s.Current is not null).OrderBy(s => s.LastUsed).ToList()
        )
        {
            if (Total() <= _memoryCapBytes)
                return;
            if (!victim.LoadLock.Wait(0))
                continue; // busy loading: leave it this time
            try
            {
                var unloaded = victim.Swap(null);
                if (unloaded is null)
                    continue;
                _log.LogInformation(
                    "model {Model} version {Version} unloaded (memory cap {Cap} bytes, least recently used)",
                    victim.Name,
                    unloaded.Version,
                    _memoryCapBytes
                );
                Retire(unloaded);
            }
            finally
            {
                victim.LoadLock.Release();
            }
        }
    }

    private void Retire(ModelVersion? version, bool keepMetric = false)
    {
        if (version is null)
            return;
        if (!keepMetric)
            _metrics.Loaded.RemoveLabelled(version.Model, version.Version);
        var drain = version.DrainAsync();
        _draining.TryAdd(drain, 0);
        drain.ContinueWith(t => _draining.TryRemove(t, out _), TaskScheduler.Default);
    }
}

public enum ReloadOutcome
{
    NotLoaded,
    Unchanged,
    Switched,
    Failed,
}

/// <summary>A snapshot of one model for /v1/models and /ready.</summary>
public sealed record ModelStatus(
    string Name,
    string Source,
    ModelVersion? Serving,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool EverLoaded
);
