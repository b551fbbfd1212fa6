namespace Mlops.Registry.Stores.Gcs;

/// <summary>CRC-32C (Castagnoli), the checksum GCS keeps for every object (x-goog-hash: crc32c=, big-endian base64).</summary>
public sealed class Crc32c
{
    private const uint Polynomial = 0x82F63B78; // reflected 0x1EDC6F41
    private static readonly uint[] Table = BuildTable();
    private uint _state = 0xFFFFFFFF;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _state = crc;
    }

    public uint Value => _state ^ 0xFFFFFFFF;

    /// <summary>The checksum as GCS writes it: the four bytes big-endian, base64.</summary>
    public string ToBase64()
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return Convert.ToBase64String(bytes);
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32c();
        crc.Append(data);
        return crc.Value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            table[i] = entry;
        }
        return table;
    }
}
