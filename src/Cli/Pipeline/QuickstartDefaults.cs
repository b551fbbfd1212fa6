using Mlops.Core.Config;
using Mlops.Train.Config;

namespace Mlops.Cli.Pipeline;

/// <summary>The embedded configs of `./mlops quickstart` (src/Cli/Pipeline/Defaults), so it needs no file of the
/// user's.</summary>
public static class QuickstartDefaults
{
    public const string PipelineName = "quickstart.yaml";
    public const string TrainName = "quickstart-train.yaml";

    public static string Text(string name)
    {
        using var stream = typeof(QuickstartDefaults).Assembly.GetManifestResourceStream(
            $"Mlops.Cli.Pipeline.Defaults.{name}"
        ) ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static PipelineConfig Pipeline(IEnumerable<string> overrides) =>
        ConfigLoader.LoadText<PipelineConfig>(Text(PipelineName), $"(embedded {PipelineName})", overrides).Value;

    public static LoadedConfig<TrainConfig> Train(IReadOnlyList<string> overrides) =>
        ConfigLoader.LoadText<TrainConfig>(Text(TrainName), $"(embedded {TrainName})", overrides);
}
