using System.Buffers.Binary;
using System.Numerics;

namespace Mlops.Registry.Stores.Gcs;

/// <summary>
/// CRC-32C (Castagnoli), the checksum GCS keeps for every object, on .NET's BitOperations.Crc32C (a CPU instruction).
/// Ours because Google.Cloud.Storage.V1's Crc32c is internal and Google.Apis has none, and we need it to compare
/// the crc32c the server reports with what we sent and received (the emulator ignores the library's x-goog-hash).
/// </summary>
public sealed class Crc32c
{
    private uint _state = 0xFFFFFFFF;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        for (; data.Length >= sizeof(ulong); data = data[sizeof(ulong)..])
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
        foreach (var b in data)
            crc = BitOperations.Crc32C(crc, b);
        _state = crc;
    }

    public uint Value => _state ^ 0xFFFFFFFF;

    /// <summary>The checksum as GCS writes it: the four bytes big-endian, base64.</summary>
    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return Convert.ToBase64String(bytes);
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32c();
        crc.Append(data);
        return crc.Value;
    }
}
