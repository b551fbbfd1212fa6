namespace Mlops.Torch.Serialization;

/// <summary>Which file format a <see cref="StateDict"/> came from.</summary>
public enum WeightFileFormat
{
    Safetensors,
    PyTorchZip,
}

/// <summary>
/// Named tensors in file order (a PyTorch state dict) plus the string metadata safetensors can carry.
/// </summary>
public sealed class StateDict
{
    public StateDict(
        IEnumerable<KeyValuePair<string, TensorData>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null
    )
    {
        var ordered = new OrderedDictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (!ordered.TryAdd(name, tensor))
                throw new ArgumentException($"tensor '{name}' appears twice", nameof(tensors));
        }
        Tensors = ordered;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    public IReadOnlyDictionary<string, TensorData> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The format it was read from (null when built in memory).</summary>
    public WeightFileFormat? Format { get; init; }

    public TensorData this[string name] => Tensors[name];
    public IEnumerable<string> Keys => Tensors.Keys;
    public int Count => Tensors.Count;
}
