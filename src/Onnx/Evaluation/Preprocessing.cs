using System.Globalization;
using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Onnx.Model;

namespace Mlops.Onnx.Evaluation;

/// <summary>How images must be prepared for a model: square size, channels and per-channel normalisation.</summary>
public sealed record Preprocessing(int ImageSize, int Channels, float[] Mean, float[] Std, IReadOnlyList<string> Labels)
{
    /// <summary>Reads the preprocessing an exported file carries in its metadata_props (<see
    /// cref="ModelMetadataKeys"/>).</summary>
    public static Preprocessing FromMetadata(IReadOnlyDictionary<string, string> metadata, string where)
    {
        string Get(string key) =>
            metadata.TryGetValue(key, out var value)
                ? value
                : throw new MlopsException(
                    $"the ONNX file has no metadata '{key}': it was not exported by `mlops export`, so its "
                        + $"preprocessing is unknown",
                    where
                );
        T Json<T>(string key)
        {
            try
            {
                return JsonSerializer.Deserialize<T>(Get(key))
                    ?? throw new MlopsException($"metadata '{key}' is empty", where);
            }
            catch (JsonException error)
            {
                throw new MlopsException($"metadata '{key}' is not valid JSON: {error.Message}", where);
            }
        }
        int Int(string key) =>
            int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
                ? number
                : throw new MlopsException($"metadata '{key}' is '{Get(key)}', not a positive whole number", where);
        var preprocessing = new Preprocessing(
            Int(ModelMetadataKeys.InputSize),
            Int(ModelMetadataKeys.InputChannels),
            Json<float[]>(ModelMetadataKeys.Mean),
            Json<float[]>(ModelMetadataKeys.Std),
            Json<string[]>(ModelMetadataKeys.Labels)
        );
        if (preprocessing.Mean.Length != preprocessing.Channels || preprocessing.Std.Length != preprocessing.Channels)
            throw new MlopsException(
                $"metadata mean/std have {preprocessing.Mean.Length}/{preprocessing.Std.Length} values for "
                    + $"{preprocessing.Channels} channels",
                where
            );
        return preprocessing;
    }
}
