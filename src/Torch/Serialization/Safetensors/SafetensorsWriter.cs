using System.Buffers.Binary;
using System.Text.Json;
using Mlops.Core.IO;

namespace Mlops.Torch.Serialization.Safetensors;

/// <summary>Writes a .safetensors file (tensors in the given order, optional string metadata), atomically.</summary>
public static class SafetensorsWriter
{
    public static void Write(string path, StateDict stateDict) =>
        AtomicFile.Write(path, stream => Write(stream, stateDict));

    public static void Write(Stream stream, StateDict stateDict)
    {
        var header = BuildHeader(stateDict);
        // Pad with spaces so the data section starts 8-byte aligned (what the reference writer does).
        var padded = (header.Length + 7) / 8 * 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        stream.Write(prefix);
        stream.Write(header);
        for (var i = header.Length; i < padded; i++)
            stream.WriteByte((byte)' ');
        foreach (var tensor in stateDict.Tensors.Values)
            stream.Write(tensor.Data);
    }

    private static byte[] BuildHeader(StateDict stateDict)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (stateDict.Metadata.Count > 0)
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (key, value) in stateDict.Metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in stateDict.Tensors)
            {
                if (name == SafetensorsHeader.MetadataKey)
                    throw new ArgumentException($"a tensor cannot be named '{SafetensorsHeader.MetadataKey}'");
                json.WriteStartObject(name);
                json.WriteString("dtype", tensor.DType.SafetensorsName());
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Data.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
