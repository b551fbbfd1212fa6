using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Api;

/// <summary>One uploaded image: its bytes and a name for error messages (the file name or the JSON path).</summary>
public sealed record UploadedImage(string Name, byte[] Bytes);

/// <summary>
/// The three forms a predict request takes: multipart/form-data with one or more files, JSON
/// {"images": ["&lt;base64&gt;", ...], "top_k": 3}, or one raw image body (image/png, image/jpeg,
/// application/octet-stream).
/// </summary>
public static class ImageUploads
{
    public static async Task<(List<UploadedImage> Images, int? TopK)> ReadAsync(
        HttpRequest request,
        ServeOptions options,
        CancellationToken cancellationToken
    )
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
            throw Unsupported(contentType);
        var media = mediaType.MediaType.Value?.ToLowerInvariant() ?? "";
        var body = await BodyReader.ReadAsync(request, options.MaxBodyBytes, cancellationToken);
        var (images, topK) = media switch
        {
            "multipart/form-data" => (await Multipart(body, mediaType, cancellationToken), (int?)null),
            "application/json" => Json(body),
            "application/octet-stream" => ([new UploadedImage("body", body)], null),
            _ when media.StartsWith("image/", StringComparison.Ordinal) => ([new UploadedImage("body", body)], null),
            _ => throw Unsupported(contentType),
        };
        if (images.Count == 0)
            throw new ServeException(
                400,
                "the request holds no image",
                media == "application/json" ? "images" : "request body"
            );
        if (images.Count > options.MaxImagesPerRequest)
            throw new ServeException(
                400,
                $"the request holds {images.Count} images, above the limit of {options.MaxImagesPerRequest}",
                "request body"
            );
        return (images, topK);
    }

    private static async Task<List<UploadedImage>> Multipart(
        byte[] body,
        MediaTypeHeaderValue mediaType,
        CancellationToken cancellationToken
    )
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw new ServeException(400, "multipart/form-data without a boundary", "Content-Type");
        var reader = new MultipartReader(boundary, new MemoryStream(body)) { BodyLengthLimit = body.Length };
        var images = new List<UploadedImage>();
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null || !disposition.IsFileDisposition())
                    continue; // plain form fields are not images
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                var name = disposition.FileName.Value ?? disposition.Name.Value ?? $"file {images.Count + 1}";
                images.Add(new UploadedImage(name, content.ToArray()));
            }
        }
        catch (IOException error)
        {
            throw new ServeException(400, $"malformed multipart body: {error.Message}", "request body");
        }

        return images;
    }

    private static (List<UploadedImage>, int?) Json(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ServeException(
                    400,
                    "expected a JSON object {\"images\": [\"<base64>\", ...]}",
                    "request body"
                );
            int? topK = null;
            if (root.TryGetProperty("top_k", out var k))
                topK =
                    k.ValueKind == JsonValueKind.Number && k.TryGetInt32(out var value)
                        ? value
                        : throw new ServeException(400, $"top_k must be an integer, got {k.GetRawText()}", "top_k");
            var images = new List<UploadedImage>();
            if (root.TryGetProperty("image", out var single))
                images.Add(Decode(single, "image"));
            if (root.TryGetProperty("images", out var many))
            {
                if (many.ValueKind != JsonValueKind.Array)
                    throw new ServeException(400, "images must be an array of base64 strings", "images");
                var index = 0;
                foreach (var item in many.EnumerateArray())
                    images.Add(Decode(item, $"images[{index++}]"));
            }

            return (images, topK);
        }
        catch (JsonException error)
        {
            throw new ServeException(400, $"invalid JSON: {error.Message}", "request body");
        }
    }

    private static UploadedImage Decode(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw new ServeException(400, "expected a base64 string", where);
        var text = element.GetString()!;
        // accept data: URLs too
        var comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',') : -1;
        try
        {
            return new UploadedImage(where, Convert.FromBase64String(comma >= 0 ? text[(comma + 1)..] : text));
        }
        catch (FormatException)
        {
            throw new ServeException(400, "not valid base64", where);
        }
    }

    private static ServeException Unsupported(string? contentType) =>
        new(
            415,
            $"Content-Type '{contentType ?? "(none)"}' is not accepted; send multipart/form-data, application/json "
                + $"with base64 images, or an image/* body",
            "Content-Type"
        );
}
