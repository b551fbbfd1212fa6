namespace Mlops.Registry.Stores.Local;

/// <summary>GCS listing rules over a name-sorted sequence: prefix filter, delimiter folding, page size, page token =
/// last key returned.</summary>
internal static class ListingPager
{
    public static BlobPage Page(
        IEnumerable<BlobInfo> sortedObjects,
        string prefix,
        string? delimiter,
        string? pageToken,
        int pageSize
    )
    {
        if (pageSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(pageSize));
        var objects = new List<BlobInfo>();
        var prefixes = new List<string>();
        string? lastKey = null;
        foreach (var blob in sortedObjects)
        {
            if (!blob.Name.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            if (pageToken is not null && IsAtOrBefore(blob.Name, pageToken, delimiter))
                continue;
            var key = blob.Name;
            var folded = false;
            if (!string.IsNullOrEmpty(delimiter))
            {
                var cut = blob.Name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (cut >= 0)
                {
                    key = blob.Name[..(cut + delimiter.Length)];
                    folded = true;
                    if (key == lastKey)
                        continue;
                }
            }
            if (objects.Count + prefixes.Count == pageSize)
                return new BlobPage(objects, prefixes, lastKey);
            if (folded)
                prefixes.Add(key);
            else
                objects.Add(blob);
            lastKey = key;
        }
        return new BlobPage(objects, prefixes, null);
    }

    private static bool IsAtOrBefore(string name, string token, string? delimiter) =>
        string.CompareOrdinal(name, token) <= 0
        || (
            !string.IsNullOrEmpty(delimiter)
            && token.EndsWith(delimiter, StringComparison.Ordinal)
            && name.StartsWith(token, StringComparison.Ordinal)
        );
}
