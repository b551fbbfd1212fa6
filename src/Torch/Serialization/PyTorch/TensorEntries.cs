using Mlops.Core.Errors;
using Mlops.Torch.Serialization.Pickle;

namespace Mlops.Torch.Serialization.PyTorch;

/// <summary>
/// Takes the name -> tensor pairs out of an unpickled object: a state dict itself, or a training
/// checkpoint dict holding one under "state_dict" or "model".
/// </summary>
internal static class TensorEntries
{
    private static readonly string[] NestedKeys = ["state_dict", "model"];

    public static List<KeyValuePair<string, TensorData>> Extract(object? root, string where)
    {
        if (root is not PickleDict dict)
            throw new MlopsException($"the pickle holds a {root?.GetType().Name ?? "None"}, not a state dict", where);
        if (AllTensors(dict))
            return ToPairs(dict);
        foreach (var key in NestedKeys)
        {
            if (dict.Items.TryGetValue(key, out var nested) && nested is PickleDict inner && AllTensors(inner))
                return ToPairs(inner);
        }
        var offender = dict.Items.First(item => item.Key is not string || item.Value is not TensorData);
        throw new MlopsException(
            $"entry '{offender.Key}' is a {offender.Value?.GetType().Name ?? "None"}, not a tensor: "
                + "expected a state dict (name -> tensor) or a checkpoint with a 'state_dict' entry",
            where
        );
    }

    private static bool AllTensors(PickleDict dict) =>
        dict.Items.All(item => item.Key is string && item.Value is TensorData);

    private static List<KeyValuePair<string, TensorData>> ToPairs(PickleDict dict) =>
        dict
            .Items.Select(item => new KeyValuePair<string, TensorData>((string)item.Key, (TensorData)item.Value!))
            .ToList();
}
