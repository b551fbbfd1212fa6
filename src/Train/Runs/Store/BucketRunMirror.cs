using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Gcs;

namespace Mlops.Train.Runs.Store;

/// <summary>
/// Publishes a run trained in a local folder to a bucket run store, in the order <see cref="BucketRunLayout"/> needs:
/// the epoch's metrics chunk and checkpoints (created once), then the record by compare-and-swap. A second writer of
/// the same run (a task retried while the first still runs) loses the swap and is stopped with a clear error instead
/// of mixing its epochs into the other's.
/// </summary>
public sealed class BucketRunMirror : IRunMirror
{
    private static readonly HashSet<string> PublishedWithEpochs =
    [
        RunFolder.InfoFile,
        RunFolder.MetricsFile,
        ArtifactNames.Config,
    ];

    /// <summary>Set once another writer has won the record: this one then writes nothing more.</summary>
    private MlopsException? _lostTo;
    private readonly IBlobStore _store;
    private long? _recordGeneration;
    private int _publishedEpoch;
    private StoredCheckpoints _stored;
    private bool _configPublished;
    private (long Length, DateTime Written)? _publishedBest;

    public BucketRunMirror(IBlobStore store)
    {
        _store = store;
        _stored = new StoredCheckpoints(null, null);
    }

    /// <summary>A mirror continuing a run read from the store at record generation <paramref name="generation"/>
    /// (a resume).</summary>
    public static BucketRunMirror Continuing(IBlobStore store, RunInfo stored, long generation, string bestPath) =>
        new(store)
        {
            _recordGeneration = generation,
            _publishedEpoch = stored.Progress?.Epochs ?? 0,
            _stored = stored.Stored ?? new StoredCheckpoints(null, null),
            _configPublished = true,
            _publishedBest = Stamp(bestPath),
        };

    public bool TryClaim(RunInfo info)
    {
        try
        {
            _recordGeneration = Put(BucketRunLayout.Record(info.Name), Serialize(info), WriteCondition.DoesNotExist);
            return true;
        }
        catch (PreconditionFailedException)
        {
            return false;
        }
    }

    public void Publish(RunFolder run)
    {
        if (_recordGeneration is not { } generation)
            throw new InvalidOperationException("a run is published only after it was claimed or read");
        // Once another writer has won, this one writes nothing more (not even its failure's final files).
        if (_lostTo is not null)
            throw _lostTo;
        if (!_configPublished && File.Exists(run.ConfigPath))
        {
            PutOnce(BucketRunLayout.File(run.Name, ArtifactNames.Config), File.ReadAllBytes(run.ConfigPath));
            _configPublished = true;
        }
        if (run.Info.Progress is { Epochs: var epochs } && epochs > _publishedEpoch)
            PublishEpochs(run, epochs);
        if (run.Info.Status != RunStatus.Running)
        {
            // Final files are plain overwrites: written only while the record is still the one this writer read.
            if (_store.StatAsync(BucketRunLayout.Record(run.Name)).GetAwaiter().GetResult()?.Generation != generation)
                throw Lost(run, null);
            PublishFinalFiles(run);
        }
        try
        {
            _recordGeneration = Put(
                BucketRunLayout.Record(run.Name),
                Serialize(run.Info with { Stored = _stored }),
                WriteCondition.GenerationMatch(generation)
            );
        }
        catch (PreconditionFailedException error)
        {
            throw Lost(run, error);
        }
        DeleteUnreferencedCheckpoints(run.Name);
    }

    private MlopsException Lost(RunFolder run, Exception? cause) =>
        _lostTo = new MlopsException(
            "another writer changed this run in the store since this one read it (two tasks training the same "
                + "run?): stopping rather than mixing their results",
            $"{_store.Uri}/{run.Name}",
            cause
        );

    private void PublishEpochs(RunFolder run, int committedEpoch)
    {
        var chunks = Chunks(run.Metrics.ReadAll());
        for (var epoch = _publishedEpoch + 1; epoch <= committedEpoch; epoch++)
            if (chunks.TryGetValue(epoch, out var lines))
                PutOnce(BucketRunLayout.MetricsChunk(run.Name, epoch, run.Info.Attempt), Encoding.UTF8.GetBytes(lines));
        var folder = BucketRunLayout.CheckpointFolder(run.Name, committedEpoch);
        var last = run.LastCheckpointPath;
        PublishCheckpoint(folder, last);
        var bestEpoch = _stored.BestEpoch;
        if (Stamp(run.BestCheckpointPath) is { } best && best != _publishedBest)
        {
            PublishCheckpoint(folder, run.BestCheckpointPath);
            _publishedBest = best;
            bestEpoch = committedEpoch;
        }
        _stored = new StoredCheckpoints(committedEpoch, bestEpoch);
        _publishedEpoch = committedEpoch;
    }

    /// <summary>The weights and their metadata sidecar (.json), created once in the epoch's folder.</summary>
    private void PublishCheckpoint(string folder, string weightsPath)
    {
        foreach (var path in new[] { weightsPath, Path.ChangeExtension(weightsPath, ".json") })
            if (File.Exists(path))
                PutFileOnce(folder + Path.GetFileName(path), path);
    }

    private void PublishFinalFiles(RunFolder run)
    {
        foreach (var path in Directory.EnumerateFiles(run.Path))
        {
            var name = Path.GetFileName(path);
            if (PublishedWithEpochs.Contains(name) || name.StartsWith('.'))
                continue;
            using var content = File.OpenRead(path);
            _store
                .PutAsync(BucketRunLayout.File(run.Name, name), content, WriteCondition.None)
                .GetAwaiter()
                .GetResult();
        }
    }

    /// <summary>Objects of checkpoint folders the record no longer names (a later epoch replaced them).</summary>
    private void DeleteUnreferencedCheckpoints(string run)
    {
        var kept = new List<string>();
        if (_stored.LastEpoch is { } lastEpoch)
            kept.Add(BucketRunLayout.CheckpointFolder(run, lastEpoch) + "last.");
        if (_stored.BestEpoch is { } bestEpoch)
            kept.Add(BucketRunLayout.CheckpointFolder(run, bestEpoch) + "best.");
        var stale = _store
            .ListAllAsync($"{run}/{RunFolder.CheckpointsFolder}/")
            .ToBlockingEnumerable()
            .Where(blob => !kept.Any(prefix => blob.Name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        foreach (var blob in stale)
            _store.DeleteAsync(blob.Name, blob.Generation).GetAwaiter().GetResult();
    }

    /// <summary>metrics.jsonl's lines by epoch; a line without one (a caller's own record) goes with the epoch of the
    /// line before it.</summary>
    private static Dictionary<int, string> Chunks(IReadOnlyList<JsonObject> records)
    {
        var chunks = new Dictionary<int, StringBuilder>();
        var current = 1;
        foreach (var record in records)
        {
            if (record["epoch"] is JsonValue value && value.TryGetValue<int>(out var epoch))
                current = epoch;
            if (!chunks.TryGetValue(current, out var text))
                chunks[current] = text = new StringBuilder();
            text.Append(record.ToJsonString(ArtifactJson.Options)).Append('\n');
        }
        return chunks.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
    }

    private void PutOnce(string name, byte[] content)
    {
        try
        {
            _store.PutBytesAsync(name, content, WriteCondition.DoesNotExist).GetAwaiter().GetResult();
        }
        catch (PreconditionFailedException) when (SameContent(name, content))
        {
            // Published before this process restarted: the same attempt's same epoch, already there.
        }
    }

    private void PutFileOnce(string name, string path)
    {
        try
        {
            using var content = File.OpenRead(path);
            _store.PutAsync(name, content, WriteCondition.DoesNotExist).GetAwaiter().GetResult();
        }
        catch (PreconditionFailedException) when (SameContent(name, File.ReadAllBytes(path))) { }
    }

    /// <summary>Whether the object already there holds these bytes (same size and CRC32C): another writer's
    /// checkpoint of the same size must not pass for ours.</summary>
    private bool SameContent(string name, byte[] content)
    {
        if (_store.StatAsync(name).GetAwaiter().GetResult() is not { } existing || existing.Size != content.LongLength)
            return false;
        var ours = new Crc32c();
        ours.Append(content);
        if (existing.Crc32cBase64 is { } theirs)
            return theirs == ours.ToBase64();
        var stored = new Crc32c();
        stored.Append(_store.ReadAllBytesAsync(name).GetAwaiter().GetResult());
        return stored.Value == ours.Value;
    }

    private long Put(string name, byte[] content, WriteCondition condition) =>
        _store.PutBytesAsync(name, content, condition).GetAwaiter().GetResult().Generation;

    private static byte[] Serialize(RunInfo info) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(info, ArtifactJson.Indented) + "\n");

    private static (long, DateTime)? Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : null;
    }
}
