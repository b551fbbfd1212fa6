namespace Mlops.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope and frees them when disposed,
/// so a forward pass or training step releases its temporaries deterministically. Scopes nest; a tensor escapes
/// with <see cref="MoveToOuter{T}"/> or <see cref="Tensor.DetachFromDisposeScope"/>. Scopes are per thread:
/// never share one between threads.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic]
    private static DisposeScope? current;

    private readonly DisposeScope? outer;
    private readonly List<Tensor> owned = new();
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    internal static DisposeScope? Current => current;

    internal static void Register(Tensor t)
    {
        var scope = current;
        if (scope is null)
            return;
        t.OwningScope = scope;
        scope.owned.Add(t);
    }

    internal void Adopt(Tensor t)
    {
        t.OwningScope = this;
        owned.Add(t);
    }

    /// <summary>Hands the tensor to the enclosing scope (or to nobody at the outermost level) and returns it.</summary>
    public T MoveToOuter<T>(T tensor)
        where T : Tensor
    {
        if (tensor.OwningScope != this)
            return tensor;
        tensor.OwningScope = null;
        outer?.Adopt(tensor);
        return tensor;
    }

    /// <summary>Tensors this scope still owns (diagnostics).</summary>
    public int OwnedCount => owned.Count(t => t.OwningScope == this && !t.IsDisposed);

    public void Dispose()
    {
        if (disposed)
            return;
        if (Environment.CurrentManagedThreadId != threadId)
            throw new InvalidOperationException("a dispose scope must be disposed on the thread that created it");
        disposed = true;
        foreach (var t in owned)
        {
            if (t.OwningScope != this)
                continue;
            t.OwningScope = null;
            t.Dispose();
        }
        owned.Clear();
        if (current == this)
            current = outer;
    }
}
