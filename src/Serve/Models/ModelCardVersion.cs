using Mlops.Core.Artifacts;

namespace Mlops.Serve.Models;

/// <summary>
/// The version a model card (the registry's card.json, baked beside the model in a serving image) gives a model
/// file — only when the card lists that very file by sha256, so a file swapped in later is never reported under the
/// card's version.
/// </summary>
public static class ModelCardVersion
{
    /// <summary>Names the card explicitly (the serving image sets it).</summary>
    public const string EnvironmentVariable = "MLOPS_MODEL_CARD";

    /// <summary>The card file for <paramref name="modelPath"/>: $MLOPS_MODEL_CARD if it exists, else card.json beside
    /// the model, else null.</summary>
    public static string? CardFor(string modelPath)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named && File.Exists(named))
            return named;
        var sibling = Path.Combine(Path.GetDirectoryName(modelPath) ?? ".", ArtifactNames.ModelCard);
        return File.Exists(sibling) ? sibling : null;
    }

    /// <summary>The card's version when it lists a file with <paramref name="sha256Hex"/>; null when it does not, or is
    /// unreadable.</summary>
    public static string? Read(string cardPath, string sha256Hex) => ModelCardFile.VersionFor(cardPath, sha256Hex);
}
