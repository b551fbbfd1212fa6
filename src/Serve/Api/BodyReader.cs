using Microsoft.AspNetCore.Http;
using Mlops.Serve.Batching;

namespace Mlops.Serve.Api;

/// <summary>Reads a request body into memory, refusing (413) anything above the limit without reading it all.</summary>
public static class BodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
            throw TooLarge(declared, maxBytes);
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)Math.Min(length, maxBytes) : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(null, maxBytes);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ServeException TooLarge(long? declared, long maxBytes) =>
        new(413, declared is { } size
            ? $"the body is {size} bytes, above the limit of {maxBytes} bytes"
            : $"the body is larger than the limit of {maxBytes} bytes", "request body");
}
