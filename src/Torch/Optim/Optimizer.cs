namespace Mlops.Torch.Optim;

/// <summary>
/// Base of the optimizers: a learning rate the schedulers move, shared by parameter groups that may differ in weight
/// decay (<see cref="ParamGroup"/>). Parameters are known by name (model.named_parameters()) so the optimizer state
/// saves and restores by name, whatever the grouping.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private bool disposed;
    private readonly (int start, int count, double weight_decay)[] groups;

    protected Optimizer(IEnumerable<ParamGroup> groups, double lr, double weight_decay)
    {
        if (!(lr >= 0))
            throw new ArgumentOutOfRangeException(nameof(lr), lr, "learning rate must be >= 0");
        if (!(weight_decay >= 0))
            throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, "weight decay must be >= 0");
        var list = groups.ToList();
        if (list.Any(g => !(g.weight_decay is null or >= 0)))
            throw new ArgumentOutOfRangeException(nameof(groups), "a group's weight decay must be >= 0");
        var named = list.SelectMany(g => g.@params).ToList();
        Names = named.Select(p => p.name).ToArray();
        Parameters = named.Select(p => p.parameter).ToArray();
        if (Names.Distinct(StringComparer.Ordinal).Count() != Names.Count)
            throw new ArgumentException("parameter names must be unique", nameof(groups));
        // Groups are stored back to back, so each one is a contiguous run for a single native call.
        this.groups = new (int, int, double)[list.Count];
        for (int g = 0, start = 0; g < list.Count; start += list[g].@params.Count, g++)
            this.groups[g] = (start, list[g].@params.Count, list[g].weight_decay ?? weight_decay);
        this.lr = lr;
        this.weight_decay = weight_decay;
    }

    /// <summary>Unnamed parameters are called "0", "1", ... (their position).</summary>
    protected static IEnumerable<(string, Parameter)> Numbered(IEnumerable<Parameter> parameters) =>
        parameters.Select((p, k) => (k.ToString(System.Globalization.CultureInfo.InvariantCulture), p));

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The current learning rate (param_groups[0]['lr']).</summary>
    public double lr { get; set; }

    /// <summary>The learning rate the first scheduler found (param_groups[0]['initial_lr']).</summary>
    public double? initial_lr { get; set; }

    /// <summary>The weight decay of groups that do not set their own.</summary>
    public double weight_decay { get; }

    /// <summary>The weight decay applied to parameter <paramref name="k"/> (its group's).</summary>
    public double weight_decay_of(int k) => groups.First(g => k >= g.start && k < g.start + g.count).weight_decay;

    /// <summary>The groups as (first parameter, count, weight decay), in parameter order, for one native call
    /// each.</summary>
    protected ReadOnlySpan<(int start, int count, double weight_decay)> Groups => groups;

    /// <summary>Updates every parameter that has a gradient, in one native call.</summary>
    public abstract void step();

    public void zero_grad(bool set_to_none = true) => Gradients.Clear(Parameters, set_to_none);

    /// <summary>
    /// The optimizer's state as named tensors ("lr", "initial_lr", "&lt;param&gt;.&lt;state&gt;"), ready for a
    /// safetensors checkpoint. The tensors are copies owned by the caller (or the current dispose scope).
    /// </summary>
    public OrderedDictionary<string, Tensor> state_dict()
    {
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal) { ["lr"] = torch.tensor(lr) };
        if (initial_lr.HasValue)
            result["initial_lr"] = torch.tensor(initial_lr.Value);
        for (int k = 0; k < Parameters.Count; k++)
            foreach (var (stateName, value) in CopyStateOf(k))
                result[Names[k] + "." + stateName] = value;
        return result;
    }

    /// <summary>Restores a state saved by <see cref="state_dict"/>; state of parameters not in it is reset.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("lr", out var lrTensor))
            throw new Core.Errors.MlopsException("optimizer state has no 'lr' entry", "optimizer state");
        var unknown = state
            .Keys.Where(k =>
                k != "lr" && k != "initial_lr" && !Names.Any(n => k.StartsWith(n + ".", StringComparison.Ordinal))
            )
            .ToList();
        if (unknown.Count > 0)
            throw new Core.Errors.MlopsException(
                $"optimizer state names parameters this model lacks: {string.Join(", ", unknown.Take(5))}",
                "optimizer state"
            );
        lr = lrTensor.item<double>();
        initial_lr = state.TryGetValue("initial_lr", out var initial) ? initial.item<double>() : null;
        for (int k = 0; k < Parameters.Count; k++)
        {
            var prefix = Names[k] + ".";
            var entries = state
                .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal);
            LoadStateOf(k, entries);
        }
    }

    /// <summary>Copies of parameter k's named state tensors; empty before its first update.</summary>
    protected abstract IEnumerable<(string name, Tensor value)> CopyStateOf(int k);

    /// <summary>Replaces parameter k's state (empty: as if never updated).</summary>
    protected abstract void LoadStateOf(int k, IReadOnlyDictionary<string, Tensor> entries);

    /// <summary>A state tensor owned by this optimizer: a copy of <paramref name="source"/> shaped like the
    /// parameter.</summary>
    protected Tensor OwnedCopy(int k, Tensor source, string name)
    {
        var expected = Parameters[k].shape;
        if (!expected.AsSpan().SequenceEqual(source.shape))
            throw new Core.Errors.MlopsException(
                $"optimizer state {Names[k]}.{name} has shape [{string.Join(", ", source.shape)}] but the parameter has [{string.Join(", ", expected)}]",
                "optimizer state"
            );
        using var scope = torch.NewDisposeScope();
        return source.to(Parameters[k].dtype).clone().DetachFromDisposeScope();
    }

    private IntPtr[]? parameterHandles;

    /// <summary>Raw handles of the parameters for one native call (one array reused every step); refuses disposed
    /// parameters.</summary>
    protected IntPtr[] ParameterHandles()
    {
        var ptrs = parameterHandles ??= new IntPtr[Parameters.Count];
        for (int k = 0; k < ptrs.Length; k++)
        {
            if (Parameters[k].IsDisposed)
                throw new ObjectDisposedException(Names[k], "the optimizer's parameter was disposed");
            ptrs[k] = Parameters[k].Handle.DangerousGetHandle();
        }
        return ptrs;
    }

    protected static IntPtr HandleOf(Tensor? t) => t is null ? IntPtr.Zero : t.Handle.DangerousGetHandle();

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        DisposeState();
        GC.SuppressFinalize(this);
    }

    protected abstract void DisposeState();
}
