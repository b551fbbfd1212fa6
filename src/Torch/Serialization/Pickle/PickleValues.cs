namespace Mlops.Torch.Serialization.Pickle;

// How unpickled Python values are represented: None -> null, bool, long (or BigInteger), double,
// string, byte[], tuple -> object?[], list -> List<object?>, set -> HashSet<object>, dict -> PickleDict,
// and an allowed global -> PickleCallable (or whatever the caller's resolver returns).

/// <summary>A Python dict or OrderedDict: items in insertion order, plus the state BUILD may attach.</summary>
public sealed class PickleDict
{
    public OrderedDictionary<object, object?> Items { get; } = new();

    /// <summary>Instance attributes set by BUILD (an OrderedDict's <c>_metadata</c>, for example).</summary>
    public object? State { get; set; }
}

/// <summary>An allowed global that REDUCE / NEWOBJ may call.</summary>
public sealed class PickleCallable(string fullName, Func<object?[], object?> call)
{
    public string FullName { get; } = fullName;

    public object? Invoke(object?[] arguments) => call(arguments);

    public override string ToString() => FullName;
}
