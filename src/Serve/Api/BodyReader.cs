using System.Buffers;
using Microsoft.AspNetCore.Http;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Api;

/// <summary>Reads a request body into memory, refusing (413) anything above the limit without reading it all.</summary>
public static class BodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > maxBytes)
                throw TooLarge(declared, maxBytes);
            return await ReadDeclaredAsync(request.Body, (int)declared, cancellationToken);
        }

        return await ReadChunkedAsync(request.Body, maxBytes, cancellationToken);
    }

    /// <summary>A body of known length lands straight in its final array: one copy, nothing to grow.</summary>
    private static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(bytes.AsMemory(filled), cancellationToken);
            if (read == 0)
                break; // the server enforces Content-Length; a short body is the client's loss
            filled += read;
        }

        return filled == length ? bytes : bytes[..filled];
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    throw TooLarge(null, maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static ServeException TooLarge(long? declared, long maxBytes) =>
        new(
            413,
            declared is { } size
                ? $"the body is {size} bytes, above the limit of {maxBytes} bytes"
                : $"the body is larger than the limit of {maxBytes} bytes",
            "request body"
        );
}
