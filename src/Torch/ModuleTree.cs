using static TorchSharp.torch;

namespace Mlops.Torch;

/// <summary>
/// Walks a TorchSharp module tree in PyTorch's order. TorchSharp's <c>named_modules()</c> leaves the module itself
/// out and lists children breadth first, and its <c>state_dict()</c> puts every parameter before every buffer;
/// PyTorch (and torchvision's files) go depth first, each module's parameters then its buffers
/// ("bn1.weight, bn1.bias, bn1.running_mean, ..."), which is the order our weight files keep.
/// </summary>
public static class ModuleTree
{
    /// <summary>The module itself (name "") and every descendant, depth first, each once.</summary>
    public static IEnumerable<(string Name, nn.Module Module)> NamedModules(nn.Module module)
    {
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        return Walk("", module, seen);
    }

    /// <summary>Parameters and persistent buffers by dotted name, in PyTorch's state-dict order.</summary>
    public static List<KeyValuePair<string, Tensor>> StateDict(nn.Module module)
    {
        var entries = new List<KeyValuePair<string, Tensor>>();
        foreach (var (prefix, child) in NamedModules(module))
        {
            foreach (var (name, parameter) in child.named_parameters(recurse: false))
                entries.Add(new(Join(prefix, name), parameter));
            foreach (var (name, buffer) in child.named_buffers(recurse: false, include_nonpersistent: false))
                entries.Add(new(Join(prefix, name), buffer));
        }
        return entries;
    }

    private static IEnumerable<(string, nn.Module)> Walk(string prefix, nn.Module module, HashSet<nn.Module> seen)
    {
        if (!seen.Add(module))
            yield break;
        yield return (prefix, module);
        foreach (var (name, child) in module.named_children())
        foreach (var entry in Walk(Join(prefix, name), child, seen))
            yield return entry;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
