using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;
using Mlops.Serve.Models;

namespace Mlops.Serve.Api;

/// <summary>
/// POST /v2/models/{model}[/versions/{version}]/infer in the Open Inference Protocol v2 JSON form: one FP32 input
/// [n, C, H, W] (already pre-processed), the model's first output [n, classes] back. NaN or infinite values are
/// refused.
/// </summary>
public static class V2InferEndpoint
{
    public static async Task<IResult> HandleAsync(
        string model,
        string? version,
        HttpContext context,
        ModelHost host,
        ServeOptions options
    )
    {
        context.Items[RequestMetricsMiddleware.ModelItem] = host.Serves(model) ? model : "(unknown)";
        if (!(context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ServeException(
                415,
                $"Content-Type '{context.Request.ContentType ?? "(none)"}' is not accepted; the v2 protocol sends "
                    + $"application/json",
                "Content-Type"
            );
        using var timeout = RequestTimeout.Start(context, options);
        var body = await BodyReader.ReadAsync(context.Request, options.MaxBodyBytes, timeout.Token);
        var request = Parse(body);
        var (serving, results) = await timeout.Guard(() =>
            host.RunAsync(model, version, v => Rows(request, v.Signature), rows => rows, timeout.Token)
        );
        context.Items[RequestMetricsMiddleware.VersionItem] = serving.Version;
        var classes = results[0].Output.Length;
        var data = new float[results.Length * classes];
        for (var i = 0; i < results.Length; i++)
            results[i].Output.CopyTo(data, i * classes);
        var output = new V2Tensor(serving.Signature.OutputName, "FP32", [results.Length, classes], data);
        return Results.Ok(new V2InferResponse(model, serving.Version, request.Id, [output]));
    }

    private sealed record InferRequest(string? Id, string InputName, long[] Shape, float[] Data);

    private static InferRequest Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ServeException(400, "expected a JSON object {\"inputs\": [...]}", "request body");
            var id =
                root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()
                    : null;
            if (
                !root.TryGetProperty("inputs", out var inputs)
                || inputs.ValueKind != JsonValueKind.Array
                || inputs.GetArrayLength() != 1
            )
                throw new ServeException(400, "expected \"inputs\": an array with exactly one tensor", "inputs");
            var input = inputs[0];
            if (input.ValueKind != JsonValueKind.Object)
                throw new ServeException(
                    400,
                    "expected a tensor object with name, shape, datatype and data",
                    "inputs[0]"
                );
            var name =
                input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            var datatype = input.TryGetProperty("datatype", out var d)
                ? (d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText())
                : null;
            if (datatype != "FP32")
                throw new ServeException(400, $"datatype must be FP32, got '{datatype}'", "inputs[0].datatype");
            if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
                throw new ServeException(400, "shape is missing", "inputs[0].shape");
            var shape = shapeElement
                .EnumerateArray()
                .Select(e =>
                    e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) && v > 0
                        ? v
                        : throw new ServeException(
                            400,
                            $"shape holds {e.GetRawText()}, expected positive integers",
                            "inputs[0].shape"
                        )
                )
                .ToArray();
            if (!input.TryGetProperty("data", out var dataElement))
                throw new ServeException(400, "data is missing", "inputs[0].data");
            if (dataElement.ValueKind != JsonValueKind.Array)
                throw new ServeException(
                    400,
                    $"data must be an array of numbers, got {dataElement.ValueKind.ToString().ToLowerInvariant()}",
                    "inputs[0].data"
                );
            var data = new List<float>();
            Flatten(dataElement, data);
            return new InferRequest(id, name, shape, data.ToArray());
        }
        catch (JsonException error)
        {
            throw new ServeException(400, $"invalid JSON: {error.Message}", "request body");
        }
    }

    /// <summary>Accepts the flat form and the nested (row-major) form, refusing anything that is not a finite
    /// number.</summary>
    private static void Flatten(JsonElement element, List<float> into)
    {
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, into);
                continue;
            }

            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out var value) || !float.IsFinite(value))
                throw new ServeException(
                    400,
                    $"data[{into.Count}] is {item.GetRawText()}: NaN, infinite or non-numeric values are refused",
                    "inputs[0].data"
                );
            into.Add(value);
        }
    }

    private static List<float[]> Rows(InferRequest request, ModelSignature signature)
    {
        if (request.InputName.Length > 0 && request.InputName != signature.InputName)
            throw new ServeException(
                400,
                $"the model's input is '{signature.InputName}', not '{request.InputName}'",
                "inputs[0].name"
            );
        long[] expected = [signature.Channels, signature.Height, signature.Width];
        if (request.Shape.Length != 4 || !request.Shape.AsSpan(1).SequenceEqual(expected))
            throw new ServeException(
                400,
                $"shape [{string.Join(", ", request.Shape)}] does not match [n, {string.Join(", ", expected)}]",
                "inputs[0].shape"
            );
        var length = signature.ItemLength;
        if (request.Data.LongLength != request.Shape[0] * length)
            throw new ServeException(
                400,
                $"shape [{string.Join(", ", request.Shape)}] needs {request.Shape[0] * length} values, data holds "
                    + $"{request.Data.Length}",
                "inputs[0].data"
            );
        return Enumerable
            .Range(0, (int)request.Shape[0])
            .Select(i => request.Data.AsSpan(i * length, length).ToArray())
            .ToList();
    }
}
