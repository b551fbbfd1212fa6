namespace Mlops.Torch.Serialization.PyTorch;

/// <summary>Converts big-endian storages (a byteorder entry saying "big") to the little-endian form we keep.</summary>
internal static class ByteOrder
{
    public static void SwapInPlace(byte[] bytes, int elementSize)
    {
        if (elementSize == 1)
            return;
        for (var start = 0; start + elementSize <= bytes.Length; start += elementSize)
            bytes.AsSpan(start, elementSize).Reverse();
    }
}
