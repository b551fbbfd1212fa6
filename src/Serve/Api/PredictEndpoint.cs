using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Images;
using Mlops.Serve.Batching;
using Mlops.Serve.Drift;
using Mlops.Serve.Errors;
using Mlops.Serve.Models;

namespace Mlops.Serve.Api;

/// <summary>POST /v1/models/{model}/predict: images in, top-k labels with probabilities, version and timings
/// out.</summary>
public static class PredictEndpoint
{
    public static async Task<IResult> HandleAsync(
        string model,
        HttpContext context,
        ModelHost host,
        ServeOptions options,
        DriftLogHolder? drift = null
    )
    {
        var started = Stopwatch.GetTimestamp();
        context.Items[RequestMetricsMiddleware.ModelItem] = host.Serves(model) ? model : "(unknown)";
        var version = context.Request.Query["version"].FirstOrDefault();
        using var timeout = RequestTimeout.Start(context, options);
        var (images, bodyTopK) = await ImageUploads.ReadAsync(context.Request, options, timeout.Token);
        var topK = ReadTopK(context, bodyTopK, options.DefaultTopK);

        Prepared? prepared = null;
        var (serving, results) = await timeout.Guard(() =>
            host.RunAsync(
                model,
                version,
                v => prepared = Prepare(v, images, options.MaxPixels),
                p => p.Tensors,
                timeout.Token
            )
        );
        context.Items[RequestMetricsMiddleware.VersionItem] = serving.Version;

        var signature = serving.Signature;
        var predictions = new List<ImagePrediction>(images.Count);
        var records = new List<DriftRecord>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var probabilities = signature.OutputIsProbabilities
                ? results[i].Output
                : Core.Numerics.Logits.Softmax(results[i].Output);
            var top = Probabilities.TopK(probabilities, signature.Labels, Math.Min(topK, signature.Classes));
            predictions.Add(new ImagePrediction(images[i].Name, top));
            records.Add(
                prepared!
                    .Features[i]
                    .ToDriftRecord(model, serving.Version, top[0].Index, top[0].Label, top[0].Probability)
            );
        }

        drift?.Append(records);
        var timings = new PredictTimings(
            prepared!.DecodeMs,
            results.Max(r => r.QueueMs),
            results.Max(r => r.InferenceMs),
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            results.Max(r => r.BatchSize)
        );
        return Results.Ok(new PredictResponse(model, serving.Version, predictions, timings));
    }

    private sealed record Prepared(List<float[]> Tensors, List<ImageFeatures> Features, double DecodeMs);

    /// <summary>Decodes and pre-processes every image with the serving version's own settings.</summary>
    private static Prepared Prepare(ModelVersion version, List<UploadedImage> images, long maxPixels)
    {
        var started = Stopwatch.GetTimestamp();
        var s = version.Signature;
        var preprocessor = s.Preprocessor(maxPixels);
        var tensors = new List<float[]>(images.Count);
        var features = new List<ImageFeatures>(images.Count);
        foreach (var image in images)
        {
            float[] tensor;
            try
            {
                tensor = preprocessor.Run(image.Bytes, image.Name);
            }
            catch (MlopsException error)
            {
                throw new ServeException(400, error.Message, error.Where ?? image.Name);
            }

            tensors.Add(tensor);
            features.Add(ImageFeatures.FromTensor(tensor, s.Channels, s.Height, s.Width, s.Mean, s.Std));
        }

        return new Prepared(tensors, features, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static int ReadTopK(HttpContext context, int? fromBody, int fallback)
    {
        var text = context.Request.Query["top_k"].FirstOrDefault();
        var k = fromBody ?? fallback;
        if (text is not null && !int.TryParse(text, out k))
            throw new ServeException(400, $"top_k must be an integer, got '{text}'", "top_k");
        return k >= 1 ? k : throw new ServeException(400, $"top_k must be at least 1, got {k}", "top_k");
    }
}
