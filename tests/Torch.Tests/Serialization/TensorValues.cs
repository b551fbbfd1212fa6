using System.Buffers.Binary;
using System.Text.Json;
using Mlops.Torch.Serialization;

namespace Mlops.Torch.Tests.Serialization;

/// <summary>Reads any stored dtype as doubles, and the python fixtures' expected.json, for comparisons.</summary>
public static class TensorValues
{
    public static double[] AsDoubles(TensorData tensor)
    {
        var size = tensor.DType.ElementSize();
        var values = new double[tensor.ElementCount];
        for (var i = 0; i < values.Length; i++)
        {
            var bytes = tensor.Data.AsSpan(i * size, size);
            values[i] = tensor.DType switch
            {
                TensorDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
                TensorDType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                TensorDType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes),
                TensorDType.BFloat16 => BitConverter.Int32BitsToSingle(
                    BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16
                ),
                TensorDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                TensorDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                TensorDType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                TensorDType.Int8 => (sbyte)bytes[0],
                TensorDType.UInt8 or TensorDType.Bool => bytes[0],
                _ => throw new NotSupportedException(tensor.DType.ToString()),
            };
        }
        return values;
    }

    public sealed record Expected(TensorDType DType, long[] Shape, double[] Values);

    /// <summary>expected.json: file -> tensor name -> {dtype: "torch.float32", shape, values}.</summary>
    public static Dictionary<string, Expected> ReadExpected(string jsonPath, string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var result = new Dictionary<string, Expected>();
        foreach (var tensor in document.RootElement.GetProperty(file).EnumerateObject())
        {
            result[tensor.Name] = new Expected(
                TorchDTypes[tensor.Value.GetProperty("dtype").GetString()!],
                tensor.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
                tensor.Value.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray()
            );
        }
        return result;
    }

    /// <summary>Keys of expected.json's file section, in the order python wrote them.</summary>
    public static string[] ExpectedOrder(string jsonPath, string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(jsonPath));
        return document.RootElement.GetProperty(file).EnumerateObject().Select(p => p.Name).ToArray();
    }

    private static readonly Dictionary<string, TensorDType> TorchDTypes = new()
    {
        ["torch.float32"] = TensorDType.Float32,
        ["torch.float64"] = TensorDType.Float64,
        ["torch.float16"] = TensorDType.Float16,
        ["torch.bfloat16"] = TensorDType.BFloat16,
        ["torch.int64"] = TensorDType.Int64,
        ["torch.int32"] = TensorDType.Int32,
        ["torch.int16"] = TensorDType.Int16,
        ["torch.int8"] = TensorDType.Int8,
        ["torch.uint8"] = TensorDType.UInt8,
        ["torch.bool"] = TensorDType.Bool,
    };
}
