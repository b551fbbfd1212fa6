namespace Mlops.Torch.Serialization.PyTorch;

/// <summary>
/// Gathers a tensor view (offset, sizes, strides in elements) out of its storage into contiguous
/// row-major bytes: how a non-contiguous or sliced tensor, or one sharing a storage, is made standalone.
/// </summary>
internal static class StridedCopy
{
    /// <returns>null when the view is valid; otherwise what is wrong with it.</returns>
    public static string? Validate(long storageElements, int elementSize, long offset, long[] sizes, long[] strides)
    {
        if (sizes.Length != strides.Length)
            return $"size has {sizes.Length} dimensions but stride has {strides.Length}";
        if (offset < 0 || sizes.Any(s => s < 0) || strides.Any(s => s < 0))
            return "negative offset, size or stride";
        try
        {
            if (checked(TensorData.ElementCountOf(sizes) * elementSize) > Array.MaxLength)
                return $"a view of [{string.Join(", ", sizes)}] is larger than 2 GB";
            if (sizes.Contains(0))
                return null;
            long last = offset;
            for (var d = 0; d < sizes.Length; d++)
                last = checked(last + (sizes[d] - 1) * strides[d]);
            return last < storageElements
                ? null
                : $"the view reaches element {last} but the storage holds {storageElements}";
        }
        catch (OverflowException)
        {
            return $"the view [{string.Join(", ", sizes)}] with strides [{string.Join(", ", strides)}] overflows";
        }
    }

    public static byte[] Gather(ReadOnlySpan<byte> storage, int elementSize, long offset, long[] sizes, long[] strides)
    {
        var count = TensorData.ElementCountOf(sizes);
        var result = new byte[count * elementSize];
        if (count == 0)
            return result;
        if (IsContiguous(sizes, strides))
        {
            storage.Slice((int)(offset * elementSize), result.Length).CopyTo(result);
            return result;
        }

        var rank = sizes.Length;
        var innerSize = sizes[rank - 1];
        var innerStride = strides[rank - 1];
        var index = new long[rank];
        var written = 0;
        while (written < result.Length)
        {
            long start = offset;
            for (var d = 0; d < rank - 1; d++)
                start += index[d] * strides[d];
            for (long i = 0; i < innerSize; i++)
            {
                storage
                    .Slice((int)((start + i * innerStride) * elementSize), elementSize)
                    .CopyTo(result.AsSpan(written, elementSize));
                written += elementSize;
            }
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < sizes[d])
                    break;
                index[d] = 0;
            }
        }
        return result;
    }

    private static bool IsContiguous(long[] sizes, long[] strides)
    {
        long expected = 1;
        for (var d = sizes.Length - 1; d >= 0; d--)
        {
            if (sizes[d] != 1 && strides[d] != expected)
                return false;
            expected *= sizes[d];
        }
        return true;
    }
}
