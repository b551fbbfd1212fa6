using System.Security.Cryptography;
using System.Text;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Registry.Stores;
using Mlops.Train.Reports;

namespace Mlops.Train.Runs.Store;

/// <summary>
/// Where runs are kept, chosen by URI like the registry: <c>file://runs</c> or a plain folder (the runs are the
/// folder's sub-folders, as always) or <c>gs://bucket/prefix/runs</c> (<see cref="BucketRunLayout"/>). A run in a
/// bucket is trained in a local cache folder and published to the bucket after every epoch; reading one makes a local
/// copy, so every command that reads a run folder reads both kinds.
/// </summary>
public sealed class RunStore : IDisposable
{
    public const string EnvironmentVariable = "MLOPS_RUNS";

    private readonly IBlobStore? _bucket;
    private readonly string? _cacheFolder;

    private RunStore(string uri, string? folder, IBlobStore? bucket, string? cacheFolder = null)
    {
        Uri = uri;
        Folder = folder;
        _bucket = bucket;
        _cacheFolder = cacheFolder;
    }

    public string Uri { get; }

    /// <summary>The runs folder of a local store; null for a bucket.</summary>
    public string? Folder { get; }

    public bool InBucket => _bucket is not null;

    /// <summary>Where new runs are trained: the store's folder, or this store's folder in the user's cache.</summary>
    public string WorkFolder => Folder ?? _cacheFolder ?? CacheFolder();

    /// <summary>
    /// The store to use: <paramref name="given"/> (--runs), else $MLOPS_RUNS, else the config's output.runs_dir (a
    /// folder or a URI), else runs/.
    /// </summary>
    public static string Resolve(string? given, string? configured = null) =>
        given
        ?? (
            Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : null
        )
        ?? configured
        ?? "runs";

    /// <summary>Opens a store by URI or plain folder path.</summary>
    /// <param name="where">what named it, for errors (--runs).</param>
    public static RunStore Open(string uriOrFolder, string where = "--runs")
    {
        if (!uriOrFolder.Contains("://", StringComparison.Ordinal))
            return new RunStore(uriOrFolder, uriOrFolder, null);
        if (BlobStoreFactory.LocalPath(uriOrFolder) is { } path)
            return path.Length == 0
                ? throw new MlopsException("file:// needs a folder, e.g. file://runs", where)
                : new RunStore(uriOrFolder, path, null);
        if (!uriOrFolder.StartsWith("gs://", StringComparison.OrdinalIgnoreCase))
            throw new MlopsException(
                $"unsupported run store '{uriOrFolder}': use a folder, file://<folder> or gs://<bucket>/<prefix>",
                where
            );
        return new RunStore(uriOrFolder.TrimEnd('/'), null, BlobStoreFactory.Open(uriOrFolder));
    }

    /// <summary>A store over an open bucket (tests, and callers that already hold one); its runs are trained and read
    /// in <paramref name="cacheFolder"/>, else in the user's cache.</summary>
    public static RunStore Over(IBlobStore bucket, string? cacheFolder = null) =>
        new(bucket.Uri.TrimEnd('/'), null, bucket, cacheFolder);

    /// <summary>What a new run publishes through besides its folder; null for a local store.</summary>
    public IRunMirror? NewRunMirror() => _bucket is null ? null : new BucketRunMirror(_bucket);

    /// <summary>Every run, newest first; damaged ones listed with their problem.</summary>
    public IReadOnlyList<RunSummary> List() =>
        _bucket is null ? RunCatalog.List(Folder!) : BucketRunCatalog.List(_bucket);

    /// <summary>A run by name, by config name (the newest with it) or, for a local store, by path; a bucket run is
    /// fetched into the cache first.</summary>
    public RunFolder Find(string nameOrPath) =>
        _bucket is null ? RunCatalog.Find(Folder!, nameOrPath) : Fetch(nameOrPath, FetchedFolder, resuming: false).Run;

    /// <summary>A run to continue training: further changes are published where it is kept.</summary>
    public RunFolder OpenForResume(string nameOrPath)
    {
        if (_bucket is null)
            return RunCatalog.Find(Folder!, nameOrPath);
        var (run, stored, generation) = Fetch(nameOrPath, WorkFolder, resuming: true);
        run.MirrorTo(BucketRunMirror.Continuing(_bucket, stored, generation, run.BestCheckpointPath));
        return run;
    }

    /// <summary>The bucket, for what only a bucket store can do (sweep tasks on other machines).</summary>
    /// <param name="forWhat">what needs it, for the error.</param>
    public IBlobStore Bucket(string forWhat) =>
        _bucket
        ?? throw new MlopsException(
            $"{forWhat} needs a run store in a bucket (gs://<bucket>/<prefix>): tasks on other machines cannot write "
                + "into a local folder",
            Uri
        );

    /// <summary>A run's record, or null when the store has no run of that exact name.</summary>
    public RunInfo? ReadRecord(string run)
    {
        if (_bucket is null)
            return File.Exists(Path.Combine(Folder!, run, RunFolder.InfoFile))
                ? RunFolder.Open(Path.Combine(Folder!, run)).Info
                : null;
        return _bucket.StatAsync(BucketRunLayout.Record(run)).GetAwaiter().GetResult() is null
            ? null
            : BucketRunDownload.ReadRecord(_bucket, run).Info;
    }

    /// <summary>A run's config.yaml as dotted keys, without fetching anything else of it.</summary>
    public IReadOnlyDictionary<string, string?> ReadConfig(string run)
    {
        if (_bucket is null)
            return FlatConfig.Read(Path.Combine(Folder!, run, ArtifactNames.Config));
        var name = BucketRunLayout.File(run, ArtifactNames.Config);
        byte[] bytes;
        try
        {
            bytes = _bucket.ReadAllBytesAsync(name).GetAwaiter().GetResult();
        }
        catch (BlobNotFoundException)
        {
            return new Dictionary<string, string?>(); // a run's record is published before its config, as locally
        }
        return FlatConfig.Parse(Encoding.UTF8.GetString(bytes), $"{Uri}/{name}");
    }

    /// <summary>A run's committed epochs, without fetching its checkpoints.</summary>
    public IReadOnlyList<EpochMetrics> ReadEpochs(string run)
    {
        if (_bucket is null)
            return RunFolder.Open(Path.Combine(Folder!, run)).Metrics.ReadEpochs();
        var (info, _) = BucketRunDownload.ReadRecord(_bucket, run);
        return MetricsLog.ParseEpochs(BucketRunDownload.StitchMetrics(_bucket, run, info));
    }

    public void Dispose() => _bucket?.Dispose();

    /// <summary>Where runs read from a bucket are copied: apart from the runs trained here, which a read must never
    /// replace.</summary>
    private string FetchedFolder => Path.Combine(WorkFolder, ".fetched");

    private (RunFolder Run, RunInfo Stored, long Generation) Fetch(string nameOrPrefix, string into, bool resuming)
    {
        var name = ExactOrNewest(nameOrPrefix);
        return BucketRunDownload.Fetch(_bucket!, name, Path.Combine(into, name), resuming);
    }

    private string ExactOrNewest(string nameOrPrefix)
    {
        var trimmed = nameOrPrefix.StartsWith(Uri + "/", StringComparison.Ordinal)
            ? nameOrPrefix[(Uri.Length + 1)..]
            : nameOrPrefix;
        if (_bucket!.StatAsync(BucketRunLayout.Record(trimmed)).GetAwaiter().GetResult() is not null)
            return trimmed;
        return RunCatalog.NewestWithPrefix(List(), trimmed, Uri).Name;
    }

    private string CacheFolder()
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Uri)))[..16];
        return Path.Combine(UserFolders.Cache(), "runs", key);
    }
}
