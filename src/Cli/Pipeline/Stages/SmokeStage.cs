using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Data.FashionMnist;
using Mlops.Data.Images;
using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// smoke: one real Fashion-MNIST test image, as a PNG, through the deployed server's predict endpoint. The answer must
/// come
/// from the registered version (the image's server reads it from the card baked beside the model) and agree with the
/// registered model file's own answer (pulled from the registry and run in-process with ONNX Runtime): same top-1
/// label, probability within smoke.max_probability_diff. A stale model, a wrong
/// file, or preprocessing that differs from the model's fails here.
/// </summary>
/// <param name="modelStage">The stage whose "model" value is the file that was registered to be served (quantize, or
/// export).</param>
public sealed class SmokeStage(string modelStage) : PipelineStage
{
    public const string StageName = "smoke";
    public const string PredictedValue = "predicted";
    public const string TrueLabelValue = "true_label";
    public const string ProbabilityValue = "probability";
    public const string OfflineProbabilityValue = "offline_probability";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn =>
        [RegisterStage.StageName, modelStage, DeployLocalStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["config"] = SectionHash.Of(context.Config.Smoke),
            ["code"] = CodeVersion.Of<Onnx.OnnxModelException>(),
        };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var url = context
            .Upstream(DeployLocalStage.StageName)
            .Value(DeployLocalStage.UrlValue, DeployLocalStage.StageName);
        var register = context.Upstream(RegisterStage.StageName);
        var version = register.Value(RegisterStage.VersionValue, RegisterStage.StageName);
        var test = FashionMnistDataset.Load(
            FashionMnistSplit.Test,
            context.Config.Smoke.FashionMnistRoot,
            rootGivenAt: RootKeyLocation(context)
        );
        var index = context.Config.Smoke.TestImage;
        var image = test.GetImage(index);
        var truth = test.ClassNames[test.Labels[index]];

        var offline = await OfflineAsync(
            context,
            register.Value(RegisterStage.ReferenceValue, RegisterStage.StageName),
            image,
            cancellation
        );
        var endpoint = $"{url}/v1/models/{context.Config.ModelName}/predict";
        Func<CancellationToken, Task<string>>? identityToken =
            context.Config.Deploy.Target == DeployTarget.CloudRun
                ? c => CloudRunIdentityToken.GetAsync(url, null, c)
                : null;
        var (servedVersion, label, probability) = await SmokeRequest.AskAsync(
            endpoint,
            PngEncoder.Encode(image),
            identityToken,
            cancellation
        );

        if (servedVersion != version)
            throw new MlopsException(
                $"the server answered with version {servedVersion}, not the registered {version}",
                endpoint
            );
        var limit = context.Config.Smoke.MaxProbabilityDiff;
        if (label != offline.Label || Math.Abs(probability - offline.Probability) > limit)
            throw new MlopsException(
                $"the server answered '{label}' ({Percent(probability)}) for test image {index}, but the registered "
                    + $"model file answers "
                    + $"'{offline.Label}' ({Percent(offline.Probability)}) in-process (allowed probability "
                    + $"difference {limit.ToString("G", CultureInfo.InvariantCulture)}): "
                    + "the deployment does not serve that file as it was evaluated",
                endpoint
            );
        var verdict = label == truth ? "correct" : $"wrong, true label {truth}";
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [PredictedValue] = label,
                [TrueLabelValue] = truth,
                [ProbabilityValue] = probability.ToString("R", CultureInfo.InvariantCulture),
                [OfflineProbabilityValue] = offline.Probability.ToString("R", CultureInfo.InvariantCulture),
            },
            $"test image {index}: {label} ({Percent(probability)}, {verdict}); same as the model file in-process "
                + $"(|Δp| {Math.Abs(probability - offline.Probability):G2})"
        );
    }

    /// <summary>The registered file (the one evaluate passed) pulled from the registry, checked by sha256, and run
    /// here.</summary>
    private async Task<(string Label, double Probability)> OfflineAsync(
        PipelineContext context,
        string reference,
        Image image,
        CancellationToken cancellation
    )
    {
        var fileName = Path.GetFileName(context.Upstream(modelStage).Value(ExportStage.ModelValue, modelStage));
        using var scratch = new Deploy.Build.ScratchFolder();
        using var registry = new ModelRegistry(BlobStoreFactory.Open(context.RegistryUri));
        var card = await registry.PullAsync(ModelRef.Parse(reference), scratch.Path, cancellationToken: cancellation);
        if (card.Files.All(f => f.Name != fileName))
            throw new MlopsException(
                $"{reference} holds no '{fileName}' (files: {string.Join(", ", card.Files.Select(f => f.Name))})",
                context.RegistryUri
            );
        var file = Path.Combine(scratch.Path, fileName);
        var prediction = OfflinePrediction.Of(file, image);
        return (prediction.Label, prediction.Probability);
    }

    private static string Percent(double probability) => probability.ToString("P2", CultureInfo.InvariantCulture);

    private const string RootKey = "smoke.fashion_mnist_root";

    /// <summary>Where a missing test image file is reported: the config line that set the folder, else the key with
    /// the folder it defaults to.</summary>
    private static string RootKeyLocation(PipelineContext context) =>
        context.Config.Smoke.FashionMnistRoot is null
            ? $"{RootKey} (not set: Debian's {FashionMnistDataset.DefaultRoot})"
            : context.Provenance?.Locate(RootKey) ?? RootKey;
}
