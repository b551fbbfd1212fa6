using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Hashing;
using Mlops.Onnx;
using Mlops.Serve.Batching;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions; // not ASP.NET Core's session-state options

namespace Mlops.Serve.Models;

/// <summary>
/// One loaded version of a model: its ORT session, its signature and its own batcher. Immutable once built;
/// a reload builds a new one beside it and drains this one, so requests never see a half-switched model.
/// </summary>
public sealed class ModelVersion
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private int _drained;
    private int _closed;
    private int _activeRuns;

    private ModelVersion(
        string model,
        ModelArtifact artifact,
        InferenceSession session,
        ModelSignature signature,
        BatchingOptions batching,
        IBatchObserver observer,
        TimeSpan loadTime
    )
    {
        Model = model;
        Version = artifact.Version;
        FilePath = artifact.OnnxPath;
        Sha256 = artifact.Sha256 ?? ContentHash.OfFile(artifact.OnnxPath);
        SizeBytes = new FileInfo(artifact.OnnxPath).Length;
        _session = session;
        Signature = signature;
        LoadTime = loadTime;
        LoadedAt = DateTimeOffset.UtcNow;
        Batcher = new DynamicBatcher(model, signature.ItemLength, batching, Run, observer);
    }

    public string Model { get; }
    public string Version { get; }
    public string FilePath { get; }

    /// <summary>The served file's sha256 (hex), as /v1/models reports it.</summary>
    public string Sha256 { get; }

    /// <summary>The memory the LRU cap charges for this version: the model file's size (weights dominate it).</summary>
    public long SizeBytes { get; }
    public ModelSignature Signature { get; }
    public TimeSpan LoadTime { get; }
    public DateTimeOffset LoadedAt { get; }
    public DynamicBatcher Batcher { get; }

    /// <summary>Loads the file with ORT and checks it is a classifier the server can feed.</summary>
    public static ModelVersion Load(
        string model,
        ModelArtifact artifact,
        SessionOptions? sessionOptions,
        BatchingOptions batching,
        IBatchObserver observer
    )
    {
        var started = Stopwatch.GetTimestamp();
        var session = OnnxSessions.Open(artifact.OnnxPath, sessionOptions);
        try
        {
            var signature = ModelSignature.Read(session, artifact.OnnxPath);
            return new ModelVersion(
                model,
                artifact,
                session,
                signature,
                batching,
                observer,
                Stopwatch.GetElapsedTime(started)
            );
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lets queued rows finish, then frees the native session once no run is inside it: direct runs (warm-up,
    /// offline prediction) bypass the queue, and ORT's Run on a freed session would crash the process.
    /// </summary>
    public async Task DrainAsync()
    {
        if (Interlocked.Exchange(ref _drained, 1) == 1)
            return;
        await Batcher.DrainAsync();
        Interlocked.Exchange(ref _closed, 1); // a full fence: a run that starts after this sees it
        while (Volatile.Read(ref _activeRuns) > 0)
            await Task.Delay(1);
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>Runs rows straight through ORT, without the queue (offline prediction and benchmarks).</summary>
    public float[] RunDirect(Memory<float> input, int rows) => Run(input, rows);

    private float[] Run(Memory<float> input, int rows)
    {
        Interlocked.Increment(ref _activeRuns);
        try
        {
            if (Volatile.Read(ref _closed) == 1)
                throw new ObjectDisposedException($"model {Model} version {Version}", "the version was unloaded");
            var s = Signature;
            var output = new float[rows * s.Classes];
            _session.RunInto(
                s.InputName,
                input,
                [rows, s.Channels, s.Height, s.Width],
                s.OutputName,
                output,
                [rows, s.Classes],
                FilePath,
                _runOptions
            );
            return output;
        }
        finally
        {
            Interlocked.Decrement(ref _activeRuns);
        }
    }
}
