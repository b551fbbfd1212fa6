using Mlops.Core.Errors;

namespace Mlops.Onnx.Native;

/// <summary>Copies an ORT-allocated output tensor into a managed <see cref="TensorOutput"/>.</summary>
internal static unsafe class TensorCopier
{
    public static TensorOutput ToManaged(OrtRuntime runtime, string name, OrtHandle value)
    {
        var api = runtime.Api;
        var raw = value.DangerousGetHandle();
        nint rawInfo;
        runtime.Check(api.GetTensorTypeAndShape(raw, &rawInfo), $"output '{name}'");
        (TensorElementType elementType, long[] shape) typeAndShape;
        using (new OrtHandle(rawInfo, api.ReleaseTensorTypeAndShapeInfo))
        {
            typeAndShape = SessionMetadataReader.ReadTypeAndShape(runtime, rawInfo);
        }

        var (elementType, shape) = typeAndShape;
        long count = 1;
        foreach (var dimension in shape)
        {
            count *= dimension;
        }

        void* data;
        runtime.Check(api.GetTensorMutableData(raw, &data), $"output '{name}'");
        Array array = elementType switch
        {
            TensorElementType.Float => Copy<float>(data, count),
            TensorElementType.Int64 => Copy<long>(data, count),
            TensorElementType.Int32 => Copy<int>(data, count),
            TensorElementType.Double => Copy<double>(data, count),
            TensorElementType.UInt8 => Copy<byte>(data, count),
            TensorElementType.Int8 => Copy<sbyte>(data, count),
            TensorElementType.Bool => Copy<bool>(data, count),
            _ => throw new MlopsException($"output '{name}' has element type {elementType}, which this binding does not read", name),
        };
        return new TensorOutput(name, elementType, shape, array);
    }

    private static T[] Copy<T>(void* source, long count)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(checked((int)count));
        new ReadOnlySpan<T>(source, array.Length).CopyTo(array);
        return array;
    }
}
