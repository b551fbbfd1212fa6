using System.Reflection;

namespace Mlops.Torch.Modules;

/// <summary>
/// Base of every layer and model, like torch.nn.Module: named parameters, buffers and children (dotted names as
/// PyTorch forms them: "layer1.0.conv1.weight"), train/eval mode, state dicts. Disposing a module frees its tensors.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly OrderedDictionary<string, Parameter?> ownParameters = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Tensor?> ownBuffers = new(StringComparer.Ordinal);
    private readonly HashSet<string> nonPersistent = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Module> ownModules = new(StringComparer.Ordinal);
    private bool disposed;

    /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    /// <summary>The class name PyTorch would print (e.g. "Conv2d").</summary>
    public virtual string GetName() => GetType().Name;

    // ---- registration ----

    /// <summary>Adds (or replaces) a parameter; null registers the name with no tensor, like bias=None.</summary>
    public void register_parameter(string name, Parameter? parameter)
    {
        CheckName(name);
        ownParameters[name] = parameter;
    }

    /// <summary>Adds (or replaces) a buffer: state that is saved but not learned (running_mean...). The module owns
    /// it.</summary>
    public void register_buffer(string name, Tensor? tensor, bool persistent = true)
    {
        CheckName(name);
        tensor?.DetachFromDisposeScope();
        ownBuffers[name] = tensor;
        if (persistent)
            nonPersistent.Remove(name);
        else
            nonPersistent.Add(name);
    }

    /// <summary>Adds (or replaces) a child module under <paramref name="name"/>.</summary>
    public void register_module(string name, Module module)
    {
        CheckName(name);
        ownModules[name] = module;
    }

    /// <summary>
    /// Registers every Module and Parameter field of this object (base class first, then in declaration order)
    /// under its field name, the way PyTorch registers attributes assigned in __init__.
    /// </summary>
    protected void RegisterComponents()
    {
        var chain = new Stack<Type>();
        for (var t = GetType(); t != null && t != typeof(Module); t = t.BaseType)
            chain.Push(t);
        foreach (var type in chain)
        {
            var fields = type.GetFields(
                BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly
            );
            foreach (var field in fields)
            {
                if (field.Name.Contains('<'))
                    continue; // compiler-generated backing fields of properties
                var value = field.GetValue(this);
                if (value is Module m && !ownModules.ContainsKey(field.Name))
                    register_module(field.Name, m);
                else if (value is Parameter p && !ownParameters.ContainsKey(field.Name))
                    register_parameter(field.Name, p);
            }
        }
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException(
                $"module attribute name '{name}' must be non-empty and contain no '.'",
                nameof(name)
            );
    }

    // ---- walking the tree ----

    public IEnumerable<(string name, Module module)> named_children()
    {
        foreach (var (name, m) in ownModules)
            yield return (name, m);
    }

    public IEnumerable<Module> children() => named_children().Select(c => c.module);

    /// <summary>This module (name "") and every descendant, depth first, each once.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModules("", seen);
    }

    private IEnumerable<(string, Module)> NamedModules(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this))
            yield break;
        yield return (prefix, this);
        foreach (var (name, child) in ownModules)
        foreach (var item in child.NamedModules(Join(prefix, name), seen))
            yield return item;
    }

    private IEnumerable<(string name, Module module)> Self()
    {
        yield return ("", this);
    }

    public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

    public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in recurse ? named_modules() : Self())
        foreach (var (name, p) in module.ownParameters)
            if (p is not null && seen.Add(p))
                yield return (Join(prefix, name), p);
    }

    public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

    public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in recurse ? named_modules() : Self())
        foreach (var (name, b) in module.ownBuffers)
            if (b is not null && seen.Add(b))
                yield return (Join(prefix, name), b);
    }

    public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

    /// <summary>A descendant by dotted name ("layer1.0"), or null.</summary>
    public Module? get_submodule(string dottedName)
    {
        Module current = this;
        if (dottedName.Length == 0)
            return current;
        foreach (var part in dottedName.Split('.'))
        {
            if (!current.ownModules.TryGetValue(part, out var next))
                return null;
            current = next;
        }
        return current;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    // ---- modes and gradients ----

    /// <summary>
    /// Sets training mode on this module and, through their own <c>train</c>, on all descendants — virtual as in
    /// PyTorch, so a module can keep part of itself in eval mode (frozen BatchNorms when fine-tuning).
    /// </summary>
    public virtual Module train(bool mode = true)
    {
        training = mode;
        foreach (var (_, child) in ownModules)
            child.train(mode);
        return this;
    }

    public Module eval() => train(false);

    /// <summary>Turns gradient tracking on or off for every parameter of this sub-tree (freezing a stage).</summary>
    public Module requires_grad_(bool requires_grad = true)
    {
        foreach (var p in parameters())
            p.requires_grad = requires_grad;
        return this;
    }

    /// <summary>Clears the gradients (set_to_none, the cheaper default of current PyTorch) or zeroes them.</summary>
    public void zero_grad(bool set_to_none = true) => Gradients.Clear(parameters().ToList(), set_to_none);

    /// <summary>
    /// Lays out every 4-D parameter and buffer in <paramref name="memory_format"/>, like
    /// <c>model.to(memory_format=torch.channels_last)</c>; feed it channels_last inputs too.
    /// </summary>
    public Module to(MemoryFormat memory_format)
    {
        foreach (var p in parameters())
            if (p.dim() == 4)
                p.Relayout(memory_format);
        foreach (var b in buffers())
            if (b.dim() == 4)
                b.Relayout(memory_format);
        return this;
    }

    // ---- state dicts ----

    /// <summary>Parameters and persistent buffers by dotted name, in PyTorch's order. The tensors are the module's
    /// own.</summary>
    public OrderedDictionary<string, Tensor> state_dict()
    {
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (prefix, module) in named_modules())
        {
            foreach (var (name, p) in module.ownParameters)
                if (p is not null)
                    result.TryAdd(Join(prefix, name), p);
            foreach (var (name, b) in module.ownBuffers)
                if (b is not null && !module.nonPersistent.Contains(name))
                    result.TryAdd(Join(prefix, name), b);
        }
        return result;
    }

    /// <summary>
    /// Copies matching tensors into this module. Missing, unexpected and shape-mismatched keys are reported:
    /// with <paramref name="strict"/> any of them throws before anything is copied; otherwise every matching
    /// tensor is copied and the problems are returned.
    /// </summary>
    public LoadStateDictResult load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        var own = state_dict();
        var missing = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        var matches = new List<(Tensor target, Tensor value)>();
        foreach (var (name, target) in own)
        {
            if (!source.TryGetValue(name, out var value))
            {
                missing.Add(name);
                continue;
            }
            var expected = target.shape;
            var actual = value.shape;
            if (!expected.AsSpan().SequenceEqual(actual))
                mismatched.Add(new ShapeMismatch(name, expected, actual));
            else
                matches.Add((target, value));
        }
        var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var result = new LoadStateDictResult(missing, unexpected, mismatched);
        if (strict && !result.IsClean)
            throw new Core.Errors.MlopsException($"state dict does not fit {GetName()}: {result}", "load_state_dict");
        using (torch.no_grad())
            foreach (var (target, value) in matches)
                target.copy_(value);
        return result;
    }

    // ---- disposal ----

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing)
            return;
        disposed = true;
        foreach (var (_, m) in ownModules)
            m.Dispose();
        foreach (var (_, p) in ownParameters)
            p?.Dispose();
        foreach (var (_, b) in ownBuffers)
            b?.Dispose();
    }

    /// <summary>The hyper-parameters shown inside the parentheses of <see cref="ToString"/> (PyTorch's
    /// extra_repr).</summary>
    public virtual string extra_repr() => "";

    /// <summary>The module tree as PyTorch prints it.</summary>
    public override string ToString() => ModuleRepr.Format(this);
}

/// <summary>A module with a typed forward pass: <c>model.call(x)</c> (or <c>forward</c>).</summary>
public abstract class Module<T, TResult> : Module
{
    public abstract TResult forward(T input);

    public TResult call(T input) => forward(input);
}
