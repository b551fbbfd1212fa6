using Mlops.Core.Errors;
using static TorchSharp.torch;

namespace Mlops.Torch.Serialization;

/// <summary>
/// Saves a TorchSharp module's state dict to a weight file and loads one back. Loading is ours rather than TorchSharp's
/// <c>load_state_dict</c>, which throws on the first shape mismatch even when not strict: fine-tuning needs the whole
/// report (missing, unexpected and mis-shaped keys) and every fitting tensor copied.
/// </summary>
public static class ModuleWeights
{
    /// <summary>A copy of the module's parameters and persistent buffers, in state-dict order.</summary>
    public static StateDict ToStateDict(this nn.Module module, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(
            ModuleTree
                .StateDict(module)
                .Select(item => new KeyValuePair<string, TensorData>(item.Key, item.Value.ToTensorData())),
            metadata
        );

    /// <summary>Writes the module's weights (and <paramref name="metadata"/>) as safetensors, atomically.</summary>
    public static void SaveSafetensors(
        this nn.Module module,
        string path,
        IReadOnlyDictionary<string, string>? metadata = null
    ) => StateDictFile.WriteSafetensors(path, module.ToStateDict(metadata));

    /// <summary>What loading <paramref name="source"/> into <paramref name="module"/> would leave out.</summary>
    public static LoadStateDictResult Compare(nn.Module module, IReadOnlyDictionary<string, TensorData> source) =>
        Compare(ModuleTree.StateDict(module), source);

    private static LoadStateDictResult Compare(
        List<KeyValuePair<string, Tensor>> own,
        IReadOnlyDictionary<string, TensorData> source
    )
    {
        var ownKeys = own.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var mismatched = new List<ShapeMismatch>();
        foreach (var (name, target) in own)
            if (source.TryGetValue(name, out var data) && !target.shape.SequenceEqual(data.Shape))
                mismatched.Add(new ShapeMismatch(name, target.shape, data.Shape));
        return new LoadStateDictResult(
            own.Where(o => !source.ContainsKey(o.Key)).Select(o => o.Key).ToList(),
            source.Keys.Where(k => !ownKeys.Contains(k)).ToList(),
            mismatched
        );
    }

    /// <summary>
    /// Copies the tensors of <paramref name="stateDict"/> into the module (keeping each target's dtype and memory
    /// layout). With <paramref name="strict"/>, any missing, unexpected or mis-shaped key throws (naming
    /// <paramref name="where"/>) before anything is copied; otherwise every fitting key is copied and the rest
    /// reported.
    /// </summary>
    public static LoadStateDictResult LoadStateDict(
        this nn.Module module,
        StateDict stateDict,
        string where,
        bool strict = true
    )
    {
        var own = ModuleTree.StateDict(module); // walked once: compared, then copied into
        var result = Compare(own, stateDict.Tensors);
        if (strict && !result.IsClean)
            throw new MlopsException($"the weights do not fit {module.GetName()}: {result}", where);
        var skipped = result.ShapeMismatches.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, target) in own)
        {
            if (skipped.Contains(name) || !stateDict.Tensors.TryGetValue(name, out var data))
                continue;
            using var scope = NewDisposeScope();
            target.copy_(data.ToTensor());
        }
        return result;
    }

    /// <summary>Reads a .pth or .safetensors file into the module (see <see cref="LoadStateDict"/>).</summary>
    public static LoadStateDictResult LoadWeights(this nn.Module module, string path, bool strict = true) =>
        module.LoadStateDict(StateDictFile.Read(path), path, strict);
}
