using System.Runtime.InteropServices;

namespace Mlops.Onnx.Native;

/// <summary>Reads what a created session declares: input/output names, types and shapes, and the model metadata.</summary>
internal static unsafe class SessionMetadataReader
{
    private const int OnnxTypeTensor = 1; // ONNX_TYPE_TENSOR

    public static IReadOnlyList<NodeInfo> ReadNodes(OrtRuntime runtime, nint session, bool inputs)
    {
        var api = runtime.Api;
        nuint count;
        runtime.Check(inputs ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count));
        var nodes = new NodeInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            nint rawName;
            runtime.Check(inputs
                ? api.SessionGetInputName(session, i, runtime.DefaultAllocator, &rawName)
                : api.SessionGetOutputName(session, i, runtime.DefaultAllocator, &rawName));
            var name = runtime.TakeString(rawName) ?? "";

            nint rawTypeInfo;
            runtime.Check(inputs
                ? api.SessionGetInputTypeInfo(session, i, &rawTypeInfo)
                : api.SessionGetOutputTypeInfo(session, i, &rawTypeInfo));
            using var typeInfo = new OrtHandle(rawTypeInfo, api.ReleaseTypeInfo);
            nodes[(int)i] = Describe(runtime, name, rawTypeInfo);
        }

        return nodes;
    }

    public static ModelMetadata ReadModelMetadata(OrtRuntime runtime, nint session)
    {
        var api = runtime.Api;
        nint created;
        runtime.Check(api.SessionGetModelMetadata(session, &created));
        using var metadata = new OrtHandle(created, api.ReleaseModelMetadata);
        var raw = created;
        var allocator = runtime.DefaultAllocator;

        string Read(delegate* unmanaged[Cdecl]<nint, nint, nint*, nint> getter)
        {
            nint value;
            runtime.Check(getter(raw, allocator, &value));
            return runtime.TakeString(value) ?? "";
        }

        long version;
        runtime.Check(api.ModelMetadataGetVersion(raw, &version));
        return new ModelMetadata(
            Read(api.ModelMetadataGetProducerName),
            Read(api.ModelMetadataGetGraphName),
            Read(api.ModelMetadataGetDomain),
            Read(api.ModelMetadataGetDescription),
            version,
            ReadCustomMap(runtime, raw));
    }

    private static Dictionary<string, string> ReadCustomMap(OrtRuntime runtime, nint metadata)
    {
        var api = runtime.Api;
        var allocator = runtime.DefaultAllocator;
        nint keysArray;
        long keyCount;
        runtime.Check(api.ModelMetadataGetCustomMetadataMapKeys(metadata, allocator, &keysArray, &keyCount));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keysArray == 0)
        {
            return map;
        }

        // Each key string and the array itself were allocated by ORT's allocator: free every one, even on error.
        var keys = (nint*)keysArray;
        try
        {
            for (long i = 0; i < keyCount; i++)
            {
                var key = Marshal.PtrToStringUTF8(keys[i]) ?? "";
                nint value;
                fixed (byte* keyBytes = System.Text.Encoding.UTF8.GetBytes(key + "\0"))
                {
                    runtime.Check(api.ModelMetadataLookupCustomMetadataMap(metadata, allocator, keyBytes, &value));
                }

                map[key] = runtime.TakeString(value) ?? "";
            }
        }
        finally
        {
            for (long i = 0; i < keyCount; i++)
            {
                runtime.TakeString(keys[i]);
            }

            runtime.Check(api.AllocatorFree(allocator, (void*)keysArray));
        }

        return map;
    }

    private static NodeInfo Describe(OrtRuntime runtime, string name, nint typeInfo)
    {
        var api = runtime.Api;
        int onnxType;
        runtime.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
        if (onnxType != OnnxTypeTensor)
        {
            return new NodeInfo(name, TensorElementType.Undefined, [], []);
        }

        nint tensorInfo; // owned by typeInfo: not released here
        runtime.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
        var (elementType, shape) = ReadTypeAndShape(runtime, tensorInfo);
        var symbolic = new byte*[shape.Length];
        var names = new string[shape.Length];
        fixed (byte** symbolicPointers = symbolic)
        {
            runtime.Check(api.GetSymbolicDimensions(tensorInfo, symbolicPointers, (nuint)shape.Length));
        }

        for (var d = 0; d < shape.Length; d++)
        {
            names[d] = Marshal.PtrToStringUTF8((nint)symbolic[d]) ?? "";
        }

        return new NodeInfo(name, elementType, shape, names);
    }

    public static (TensorElementType ElementType, long[] Shape) ReadTypeAndShape(OrtRuntime runtime, nint tensorInfo)
    {
        var api = runtime.Api;
        int elementType;
        runtime.Check(api.GetTensorElementType(tensorInfo, &elementType));
        nuint rank;
        runtime.Check(api.GetDimensionsCount(tensorInfo, &rank));
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            runtime.Check(api.GetDimensions(tensorInfo, dims, rank));
        }

        return ((TensorElementType)elementType, shape);
    }
}
