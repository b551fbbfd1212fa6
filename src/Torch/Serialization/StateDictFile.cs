using Mlops.Core.Errors;
using Mlops.Torch.Serialization.PyTorch;
using Mlops.Torch.Serialization.Safetensors;

namespace Mlops.Torch.Serialization;

/// <summary>
/// Reads a weight file whatever its format (chosen by content: a zip is a PyTorch .pth, otherwise
/// safetensors) and writes safetensors. The entry point the rest of the toolkit uses.
/// </summary>
public static class StateDictFile
{
    private static readonly byte[] ZipMagic = "PK\u0003\u0004"u8.ToArray();

    // torch.save's legacy (pre-1.6) format starts with a pickled magic number: PROTO 2, LONG1 of 10 bytes.
    private static readonly byte[] LegacyTorchMagic = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20];

    public static StateDict Read(string path)
    {
        if (!File.Exists(path))
            throw new MlopsException("weight file not found", path);
        try
        {
            return ReadExisting(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new MlopsException($"could not read the weight file: {e.Message}", path, e);
        }
    }

    private static StateDict ReadExisting(string path)
    {
        var head = ReadHead(path, LegacyTorchMagic.Length);
        if (head.AsSpan().StartsWith(ZipMagic))
            return PyTorchZipReader.Read(path);
        if (head.AsSpan().SequenceEqual(LegacyTorchMagic))
            throw new MlopsException(
                "legacy PyTorch format (torch.save before 1.6, or _use_new_zipfile_serialization=False) is not "
                    + "supported; "
                    + "re-save it with a current torch.save",
                path
            );
        try
        {
            return SafetensorsReader.Read(path);
        }
        catch (MlopsException e) when (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlopsException($"neither a PyTorch .pth (zip) nor a safetensors file ({e.Message})", path, e);
        }
    }

    /// <summary>Writes <paramref name="stateDict"/> (with its metadata) as safetensors, atomically.</summary>
    public static void WriteSafetensors(string path, StateDict stateDict) => SafetensorsWriter.Write(path, stateDict);

    private static byte[] ReadHead(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[Math.Min(count, stream.Length)];
        stream.ReadExactly(head);
        return head;
    }
}
