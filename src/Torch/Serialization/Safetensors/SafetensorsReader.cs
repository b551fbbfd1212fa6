using System.Buffers.Binary;

namespace Mlops.Torch.Serialization.Safetensors;

/// <summary>
/// Reads a .safetensors file: 8-byte little-endian header length, JSON header, then the data section.
/// Each tensor's bytes go straight from the file into its own array (one copy, no whole-file buffer).
/// </summary>
public static class SafetensorsReader
{
    /// <summary>Upper bound on the JSON header, as in the reference implementation (guards a foreign file).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    public static StateDict Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    public static StateDict Read(Stream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw SafetensorsHeader.Invalid(path, $"it has {fileLength} bytes, fewer than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw SafetensorsHeader.Invalid(
                path,
                $"its header length {headerLength} does not fit in a {fileLength}-byte file"
            );
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        if (header.Length < 2 || header[0] != (byte)'{')
            throw SafetensorsHeader.Invalid(path, "its header does not start with a JSON object");

        var dataStart = 8 + (long)headerLength;
        var (entries, metadata) = SafetensorsHeader.Parse(header, fileLength - dataStart, path);

        var tensors = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            var length = entry.End - entry.Begin;
            if (length > Array.MaxLength)
                throw SafetensorsHeader.Invalid(path, $"tensor '{entry.Name}' is larger than 2 GB");
            var bytes = new byte[length];
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(bytes);
            tensors[entry.Name] = new TensorData(entry.DType, entry.Shape, bytes);
        }
        // Keep the header's order: it is the order the writer chose (a module's state dict order).
        var ordered = entries.Select(e => new KeyValuePair<string, TensorData>(e.Name, tensors[e.Name]));
        return new StateDict(ordered, metadata) { Format = WeightFileFormat.Safetensors };
    }
}
