using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using Mlops.Onnx;
using Mlops.Serve.Batching;

namespace Mlops.Serve.Models;

/// <summary>
/// One loaded version of a model: its ORT session, its signature and its own batcher. Immutable once built;
/// a reload builds a new one beside it and drains this one, so requests never see a half-switched model.
/// </summary>
public sealed class ModelVersion
{
    private readonly InferenceSession _session;
    private int _drained;

    private ModelVersion(string model, ModelArtifact artifact, InferenceSession session, ModelSignature signature, BatchingOptions batching, IBatchObserver observer, TimeSpan loadTime)
    {
        Model = model;
        Version = artifact.Version;
        FilePath = artifact.OnnxPath;
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
    /// <summary>The memory the LRU cap charges for this version: the model file's size (weights dominate it).</summary>
    public long SizeBytes { get; }
    public ModelSignature Signature { get; }
    public TimeSpan LoadTime { get; }
    public DateTimeOffset LoadedAt { get; }
    public DynamicBatcher Batcher { get; }

    /// <summary>Loads the file with ORT and checks it is a classifier the server can feed.</summary>
    public static ModelVersion Load(string model, ModelArtifact artifact, SessionOptions? sessionOptions, BatchingOptions batching,
        IBatchObserver observer)
    {
        var started = Stopwatch.GetTimestamp();
        var session = OnnxSessions.Open(artifact.OnnxPath, sessionOptions);
        try
        {
            var signature = ModelSignature.Read(session, artifact.OnnxPath);
            return new ModelVersion(model, artifact, session, signature, batching, observer, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Lets queued rows finish, then frees the native session.</summary>
    public async Task DrainAsync()
    {
        if (Interlocked.Exchange(ref _drained, 1) == 1) return;
        await Batcher.DrainAsync();
        _session.Dispose();
    }

    /// <summary>Runs rows straight through ORT, without the queue (offline prediction and benchmarks).</summary>
    public float[] RunDirect(Memory<float> input, int rows) => Run(input, rows);

    private float[] Run(Memory<float> input, int rows)
    {
        var s = Signature;
        var output = new float[rows * s.Classes];
        _session.RunInto(s.InputName, input, [rows, s.Channels, s.Height, s.Width], s.OutputName, output, [rows, s.Classes],
            FilePath);
        return output;
    }
}
