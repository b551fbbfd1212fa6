namespace Mlops.Onnx;

/// <summary>
/// What a model declares for one input or output. <see cref="Shape"/> has -1 where a dimension is dynamic;
/// <see cref="SymbolicShape"/> gives that dimension's name ("batch") or "" when it has none.
/// </summary>
public sealed record NodeInfo(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape, IReadOnlyList<string> SymbolicShape)
{
    public override string ToString() =>
        $"{Name}: {ElementType}[{string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString() : SymbolicShape[i] is { Length: > 0 } s ? s : "?"))}]";
}
