using Mlops.Core.Errors;
using Mlops.Torch.Modules;

namespace Mlops.Torch.Serialization;

/// <summary>Saves a module's state dict to a weight file and loads one back: Module.state_dict / load_state_dict over
/// files.</summary>
public static class ModuleWeights
{
    /// <summary>A copy of the module's parameters and persistent buffers, in state-dict order.</summary>
    public static StateDict ToStateDict(this Module module, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(
            module
                .state_dict()
                .Select(item => new KeyValuePair<string, TensorData>(item.Key, item.Value.ToTensorData())),
            metadata
        );

    /// <summary>Writes the module's weights (and <paramref name="metadata"/>) as safetensors, atomically.</summary>
    public static void SaveSafetensors(
        this Module module,
        string path,
        IReadOnlyDictionary<string, string>? metadata = null
    ) => StateDictFile.WriteSafetensors(path, module.ToStateDict(metadata));

    /// <summary>
    /// Copies the tensors of <paramref name="stateDict"/> into the module. With <paramref name="strict"/>, any missing,
    /// unexpected or mis-shaped key throws (naming <paramref name="where"/>) before anything is copied.
    /// </summary>
    public static LoadStateDictResult LoadStateDict(
        this Module module,
        StateDict stateDict,
        string where,
        bool strict = true
    )
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, data) in stateDict.Tensors)
                tensors[name] = data.ToTensor().DetachFromDisposeScope();
            try
            {
                return module.load_state_dict(tensors, strict);
            }
            catch (MlopsException e)
            {
                throw new MlopsException(e.Message, where, e);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
        }
    }

    /// <summary>Reads a .pth or .safetensors file into the module (see <see cref="LoadStateDict"/>).</summary>
    public static LoadStateDictResult LoadWeights(this Module module, string path, bool strict = true) =>
        module.LoadStateDict(StateDictFile.Read(path), path, strict);
}
