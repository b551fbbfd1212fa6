namespace Mlops.Serve.Models;

/// <summary>The mutable state of one served model name: which version serves now and how its last load went.</summary>
internal sealed class ModelSlot(string name, IModelSource source)
{
    private ModelVersion? _current;
    private long _lastUsed;

    public string Name { get; } = name;
    public IModelSource Source { get; } = source;

    /// <summary>One load or reload of this model at a time.</summary>
    public SemaphoreSlim LoadLock { get; } = new(1, 1);
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public bool EverLoaded { get; set; }

    public ModelVersion? Current => Volatile.Read(ref _current);

    /// <summary>Atomically puts <paramref name="next"/> in service; returns the version it replaced.</summary>
    public ModelVersion? Swap(ModelVersion? next) => Interlocked.Exchange(ref _current, next);

    public long LastUsed => Interlocked.Read(ref _lastUsed);

    public void Touch(long tick) => Interlocked.Exchange(ref _lastUsed, tick);
}
