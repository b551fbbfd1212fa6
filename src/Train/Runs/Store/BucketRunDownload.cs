using System.Text;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Registry.Stores;

namespace Mlops.Train.Runs.Store;

/// <summary>
/// Makes a local run folder of a run kept in a bucket, as <see cref="BucketRunLayout"/> describes: the record, the
/// committed epochs' metrics stitched into metrics.jsonl, the checkpoints the record names, and the run's other files.
/// Every command that reads a run folder then works unchanged. A folder already made from the same record generation
/// is reused.
/// </summary>
public static class BucketRunDownload
{
    private const string GenerationMarker = ".store-generation";
    private const int Attempts = 3;

    /// <param name="resuming">The copy is to train on: it replaces a folder this machine trained the run in before
    /// (the store holds what counts). A read never does.</param>
    public static (RunFolder Run, RunInfo Stored, long Generation) Fetch(
        IBlobStore store,
        string run,
        string folder,
        bool resuming = false
    )
    {
        for (var attempt = 1; ; attempt++)
        {
            var (info, generation) = ReadRecord(store, run);
            var marker = Path.Combine(folder, GenerationMarker);
            if (File.Exists(marker) && File.ReadAllText(marker) == generation.ToString())
                return (RunFolder.Open(folder), info, generation);
            // Built beside the folder and moved into place whole: a reader never sees half a copy, and a folder
            // that is not a copy (no marker: a run training here) is never replaced.
            var building = $"{folder}.fetching-{Guid.NewGuid():N}";
            try
            {
                Write(store, run, info, building);
                AtomicFile.WriteAllText(Path.Combine(building, GenerationMarker), generation.ToString());
                if (Directory.Exists(folder))
                {
                    if (!File.Exists(marker) && !resuming)
                        throw new MlopsException(
                            $"{folder} holds a run being trained on this machine, not a copy of the store's: "
                                + "read it when it has finished, or from another cache ($MLOPS_CACHE_HOME)",
                            store.Uri
                        );
                    Directory.Delete(folder, recursive: true);
                }
                Directory.Move(building, folder);
                return (RunFolder.Open(folder), info, generation);
            }
            // A writer committed a newer epoch and deleted the checkpoint this record named: read the record again.
            catch (BlobNotFoundException) when (attempt < Attempts) { }
            // Another reader moved its copy into place first.
            catch (IOException) when (attempt < Attempts && File.Exists(marker)) { }
            finally
            {
                if (Directory.Exists(building))
                    Directory.Delete(building, recursive: true);
            }
        }
    }

    /// <summary>
    /// The run's record and its generation. The record is replaced while a run trains: a read pinned to the generation
    /// it found can miss it (real GCS: that generation is gone; the emulator: it serves the newer bytes, which then
    /// fail the checksum), so such a read starts again.
    /// </summary>
    public static (RunInfo Info, long Generation) ReadRecord(IBlobStore store, string run)
    {
        var name = BucketRunLayout.Record(run);
        for (var attempt = 1; ; attempt++)
        {
            using var buffer = new MemoryStream();
            BlobInfo read;
            try
            {
                read = store.ReadAsync(name, buffer).GetAwaiter().GetResult();
            }
            catch (BlobNotFoundException) when (attempt < RecordReads && Exists(store, name))
            {
                continue;
            }
            catch (BlobNotFoundException)
            {
                throw new MlopsException($"no run named '{run}' in the run store", store.Uri);
            }
            catch (BlobCorruptedException) when (attempt < RecordReads)
            {
                continue;
            }
            return (Parse(buffer.ToArray(), $"{store.Uri}/{name}"), read.Generation);
        }
    }

    private const int RecordReads = 5;

    private static bool Exists(IBlobStore store, string name) =>
        store.StatAsync(name).GetAwaiter().GetResult() is not null;

    private static RunInfo Parse(byte[] bytes, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<RunInfo>(bytes, ArtifactJson.Options)
                ?? throw new MlopsException("empty run record", where);
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable run record: {error.Message}", where, error);
        }
    }

    private static void Write(IBlobStore store, string run, RunInfo info, string folder)
    {
        var checkpoints = Path.Combine(folder, RunFolder.CheckpointsFolder);
        Directory.CreateDirectory(checkpoints);
        // The record written is the one read (the generation this copy is of), not whatever the listing finds now.
        var record = BucketRunLayout.Record(run);
        foreach (var blob in store.ListAsync($"{run}/", "/").GetAwaiter().GetResult().Objects)
            if (blob.Name != record)
                Download(store, blob.Name, Path.Combine(folder, blob.Name[(run.Length + 1)..]));
        AtomicFile.WriteAllText(
            Path.Combine(folder, RunFolder.InfoFile),
            JsonSerializer.Serialize(info, ArtifactJson.Indented) + "\n"
        );
        if (info.Stored?.LastEpoch is { } last)
            DownloadCheckpoint(store, BucketRunLayout.CheckpointFolder(run, last), "last", checkpoints);
        if (info.Stored?.BestEpoch is { } best)
            DownloadCheckpoint(store, BucketRunLayout.CheckpointFolder(run, best), "best", checkpoints);
        AtomicFile.WriteAllText(Path.Combine(folder, RunFolder.MetricsFile), StitchMetrics(store, run, info));
    }

    /// <summary>Each committed epoch's chunk, from the latest attempt that wrote it, in epoch order.</summary>
    internal static string StitchMetrics(IBlobStore store, string run, RunInfo info)
    {
        var committed = info.Progress?.Epochs ?? 0;
        var latest = store
            .ListAllAsync($"{run}/{BucketRunLayout.MetricsFolder}/")
            .ToBlockingEnumerable()
            .Select(blob => (blob.Name, Chunk: BucketRunLayout.ParseChunk(blob.Name)))
            .Where(entry => entry.Chunk is { } chunk && chunk.Epoch <= committed)
            .GroupBy(entry => entry.Chunk!.Value.Epoch)
            .OrderBy(group => group.Key)
            .Select(group => group.MaxBy(entry => entry.Chunk!.Value.Attempt).Name);
        var text = new StringBuilder();
        foreach (var name in latest)
            text.Append(Encoding.UTF8.GetString(store.ReadAllBytesAsync(name).GetAwaiter().GetResult()));
        return text.ToString();
    }

    private static void DownloadCheckpoint(IBlobStore store, string epochFolder, string which, string checkpoints)
    {
        foreach (var extension in new[] { ".safetensors", ".json" })
            Download(store, epochFolder + which + extension, Path.Combine(checkpoints, which + extension));
    }

    private static void Download(IBlobStore store, string name, string path) =>
        AtomicFile.Write(path, stream => store.ReadAsync(name, stream).GetAwaiter().GetResult());
}
