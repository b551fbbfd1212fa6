using Mlops.Core.Errors;

namespace Mlops.Core.Artifacts;

/// <summary>
/// Which .onnx file of a registry version is served — by `mlops serve`, and baked into an image by `mlops deploy
/// build` and the pipeline. One rule, so both always serve the same file.
/// </summary>
public static class ServingFile
{
    /// <summary>
    /// The int8 file only when the version's quantize.json chose it (it passed the accuracy gate and was faster;
    /// older reports: the gate) and names a file the version holds; otherwise model.onnx; a version with a single
    /// .onnx serves that one. Anything else is ambiguous and refused rather than guessed.
    /// </summary>
    /// <param name="readFile">Reads one of the version's files (quantize.json) by name.</param>
    public static string Choose(IReadOnlyList<string> files, Func<string, byte[]> readFile, string where)
    {
        RequireModel(files, where);
        var models = files.Where(IsModel).ToList();
        if (models.Count == 1)
            return models[0];
        if (
            files.Contains(ArtifactNames.QuantizeReport)
            && QuantizeReportFile.ReadDecision(readFile(ArtifactNames.QuantizeReport)) is { ServeInt8: true } chosen
            && models.Contains(chosen.Int8File)
        )
            return chosen.Int8File;
        if (models.Contains(ArtifactNames.Model))
            return ArtifactNames.Model;
        throw new MlopsException(
            $"cannot tell which model file to serve among {string.Join(", ", models)} (no {ArtifactNames.Model}, and "
                + $"no {ArtifactNames.QuantizeReport} naming a gated int8 file)",
            where
        );
    }

    /// <summary>Refuses a version without any .onnx file (before anything is downloaded).</summary>
    public static void RequireModel(IReadOnlyList<string> files, string where)
    {
        if (!files.Any(IsModel))
            throw new MlopsException($"the version holds no .onnx file (files: {string.Join(", ", files)})", where);
    }

    private static bool IsModel(string file) => file.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The same rule for a version pulled into <paramref name="folder"/>.</summary>
    public static string ChooseIn(IReadOnlyList<string> files, string folder, string where) =>
        Choose(files, name => File.ReadAllBytes(Path.Combine(folder, name)), where);
}
