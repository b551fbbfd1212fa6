using Mlops.Core.Errors;
using Mlops.Torch.Serialization.Pickle;

namespace Mlops.Torch.Serialization.PyTorch;

/// <summary>The element type a pickled <c>torch.FloatStorage</c> (or <c>torch.float32</c>) names.</summary>
internal sealed record StorageType(string FullName, TensorDType DType);

/// <summary>
/// The only Python globals a state dict pickle may name. Anything else (os.system, builtins.eval,
/// any class) is refused by name: loading such a file in Python would run code.
/// </summary>
internal static class StateDictGlobals
{
    private static readonly Dictionary<string, TensorDType> StorageTypes = new()
    {
        ["FloatStorage"] = TensorDType.Float32,
        ["float32"] = TensorDType.Float32,
        ["DoubleStorage"] = TensorDType.Float64,
        ["float64"] = TensorDType.Float64,
        ["HalfStorage"] = TensorDType.Float16,
        ["float16"] = TensorDType.Float16,
        ["BFloat16Storage"] = TensorDType.BFloat16,
        ["bfloat16"] = TensorDType.BFloat16,
        ["LongStorage"] = TensorDType.Int64,
        ["int64"] = TensorDType.Int64,
        ["IntStorage"] = TensorDType.Int32,
        ["int32"] = TensorDType.Int32,
        ["ShortStorage"] = TensorDType.Int16,
        ["int16"] = TensorDType.Int16,
        ["CharStorage"] = TensorDType.Int8,
        ["int8"] = TensorDType.Int8,
        ["ByteStorage"] = TensorDType.UInt8,
        ["uint8"] = TensorDType.UInt8,
        ["BoolStorage"] = TensorDType.Bool,
        ["bool"] = TensorDType.Bool,
    };

    public static object Resolve(string module, string name, Func<object?[], TensorData> rebuildTensor, string where)
    {
        var fullName = $"{module}.{name}";
        switch (module, name)
        {
            case ("collections", "OrderedDict"):
                return new PickleCallable(fullName, _ => new PickleDict());
            case ("torch._utils", "_rebuild_tensor_v2"):
                return new PickleCallable(fullName, arguments => rebuildTensor(arguments));
            case ("torch._utils", "_rebuild_parameter"):
            case ("torch._utils", "_rebuild_parameter_with_state"):
                return new PickleCallable(fullName, arguments =>
                    arguments.Length >= 1 && arguments[0] is TensorData data
                        ? data
                        : throw new MlopsException($"{fullName} expects a tensor as first argument", where)
                );
            case ("torch", _) when StorageTypes.TryGetValue(name, out var dtype):
                return new StorageType(fullName, dtype);
            default:
                throw new MlopsException(
                    $"refused pickle global '{fullName}': a state dict needs only tensors and dicts, "
                        + "and loading this file in Python would import or run it",
                    where
                );
        }
    }
}
