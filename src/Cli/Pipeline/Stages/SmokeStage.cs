using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Mlops.Core.Errors;
using Mlops.Data.FashionMnist;
using Mlops.Data.Images;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// smoke: one real Fashion-MNIST test image, as a PNG, through the deployed server's predict endpoint; the
/// answer must come from the registered version and name one of the model's classes.
/// </summary>
public sealed class SmokeStage : PipelineStage
{
    public const string StageName = "smoke";
    public const string PredictedValue = "predicted";
    public const string TrueLabelValue = "true_label";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [RegisterStage.StageName, DeployLocalStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) => new Dictionary<string, string>
    {
        ["config"] = SectionHash.Of(context.Config.Smoke),
    };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var url = context.Upstream(DeployLocalStage.StageName).Value(DeployLocalStage.UrlValue, DeployLocalStage.StageName);
        var version = context.Upstream(RegisterStage.StageName).Value(RegisterStage.VersionValue, RegisterStage.StageName);
        var test = FashionMnistDataset.Load(FashionMnistSplit.Test, context.Config.Smoke.FashionMnistRoot);
        var index = context.Config.Smoke.TestImage;
        var truth = test.ClassNames[test.Labels[index]];
        var endpoint = $"{url}/v1/models/{context.Config.ModelName}/predict";

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var body = new ByteArrayContent(PngEncoder.Encode(test.GetImage(index)));
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await http.PostAsync(endpoint, body, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
            throw new MlopsException($"the server answered {(int)response.StatusCode}: {text}", endpoint);
        var (servedVersion, label, probability) = Read(text, endpoint);
        if (servedVersion != version)
            throw new MlopsException($"the server answered with version {servedVersion}, not the registered {version}", endpoint);
        if (!test.ClassNames.Contains(label))
            throw new MlopsException($"the server predicted '{label}', which is not a Fashion-MNIST class", endpoint);
        var verdict = label == truth ? "correct" : $"wrong, true label {truth}";
        return new StageResult([], new Dictionary<string, string>
        {
            [PredictedValue] = label,
            [TrueLabelValue] = truth,
        }, $"test image {index}: {label} ({probability.ToString("P0", CultureInfo.InvariantCulture)}, {verdict})");
    }

    private static (string Version, string Label, double Probability) Read(string json, string endpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var top = root.GetProperty("predictions")[0].GetProperty("top")[0];
            return (root.GetProperty("version").GetString() ?? "", top.GetProperty("label").GetString() ?? "", top.GetProperty("probability").GetDouble());
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new MlopsException($"the server's answer is not a prediction ({error.Message}): {json}", endpoint);
        }
    }
}
