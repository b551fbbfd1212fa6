using System.ComponentModel.DataAnnotations;
using Mlops.Core.Config;

namespace Mlops.Cli.Pipeline;

/// <summary>configs/pipeline.yaml: which training config to run and where its model goes (registry, image,
/// deployment).</summary>
public sealed class PipelineConfig : IValidatedConfig
{
    /// <summary>The training config, relative to the pipeline config's folder.</summary>
    public string TrainConfig { get; init; } = "quick.yaml";

    /// <summary>`key.path=value` overrides applied to the training config (e.g. a smaller subset).</summary>
    public List<string> TrainOverrides { get; init; } = [];

    /// <summary>Model store URI; a relative file:// folder is relative to the working folder, as for every
    /// command.</summary>
    public string Registry { get; init; } = "file://.mlops/bucket";

    public string ModelName { get; init; } = "fashion";

    /// <summary>The alias moved to the new version once it is registered.</summary>
    public string Alias { get; init; } = "staging";

    /// <summary>Exported models, images and server logs go here (relative to the working folder).</summary>
    public string WorkDir { get; init; } = ".mlops/pipeline";

    /// <summary>Where training runs: in this process, or handed to a job engine (`train_job:`).</summary>
    public TrainJobSection TrainJob { get; init; } = new();

    public ExportSection Export { get; init; } = new();
    public QuantizeSection Quantize { get; init; } = new();
    public EvaluateSection Evaluate { get; init; } = new();
    public ImageSection Image { get; init; } = new();
    public DeploySection Deploy { get; init; } = new();
    public SmokeSection Smoke { get; init; } = new();

    public IEnumerable<ConfigIssue> Validate()
    {
        foreach (
            var (key, value) in new[]
            {
                ("train_config", TrainConfig),
                ("model_name", ModelName),
                ("alias", Alias),
                ("work_dir", WorkDir),
                ("image.out", Image.Out),
            }
        )
            if (string.IsNullOrWhiteSpace(value))
                yield return new ConfigIssue(key, "must not be empty");
        if (
            !Registry.StartsWith("file://", StringComparison.Ordinal)
            && !Registry.StartsWith("gs://", StringComparison.Ordinal)
        )
            yield return new ConfigIssue(
                "registry",
                $"'{Registry}' is not a store URI: use file://<folder> or gs://<bucket>/<prefix>"
            );
        if (
            Deploy.Target == DeployTarget.CloudRun
            && (Deploy.Project is null || Deploy.Region is null || Deploy.Service is null)
        )
            yield return new ConfigIssue(
                "deploy.target",
                "cloudrun needs deploy.project, deploy.region and deploy.service"
            );
        foreach (var issue in TrainJob.Issues())
            yield return issue;
        if (Deploy.Target == DeployTarget.CloudRun && Image.Push is null)
            yield return new ConfigIssue(
                "deploy.target",
                "Cloud Run pulls images from a registry: set image.push (e.g. "
                    + "europe-docker.pkg.dev/project/repo/fashion)"
            );
    }
}

/// <summary>The `export:` section.</summary>
public sealed class ExportSection
{
    /// <summary>Which checkpoint of the run: best or last.</summary>
    public string Checkpoint { get; init; } = "best";

    /// <summary>Test images the ONNX ↔ libtorch parity proof runs on.</summary>
    [Range(1, 100_000)]
    public int ParityImages { get; init; } = 256;

    /// <summary>Largest |ONNX Runtime − libtorch| logit difference the proof accepts; null for the exporter's
    /// default.</summary>
    [Range(0.0, 1.0)]
    public double? MaxAbsDiff { get; init; }
}

/// <summary>The `quantize:` section: int8 (QDQ) with its own gate on the accuracy drop.</summary>
public sealed class QuantizeSection
{
    /// <summary>false: the fp32 model is evaluated, registered and served.</summary>
    public bool Enabled { get; init; } = true;

    [Range(1, 60_000)]
    public int CalibrationImages { get; init; } = 512;

    /// <summary>The gate: largest accepted top-1 drop, in percentage points, on evaluate.data.</summary>
    [Range(0.0, 100.0)]
    public double MaxAccuracyDrop { get; init; } = 1.0;
}

/// <summary>The `evaluate:` section: the exported model on held-out data, and the accuracy it must reach to go
/// on.</summary>
public sealed class EvaluateSection
{
    /// <summary>fashion-mnist:test or imagefolder:/path.</summary>
    public string Data { get; init; } = "fashion-mnist:test";

    /// <summary>Evaluate on only this many images; null for all.</summary>
    [Range(1, int.MaxValue)]
    public int? Images { get; init; }

    /// <summary>The gate: below this accuracy the pipeline stops before registering.</summary>
    [Range(0.0, 1.0)]
    public double MinAccuracy { get; init; }
}

/// <summary>The `image:` section: an OCI tarball, and a registry to push to when given.</summary>
public sealed class ImageSection
{
    /// <summary>OCI image-layout tarball, relative to the working folder.</summary>
    public string Out { get; init; } = ".mlops/pipeline/image.oci.tar";

    /// <summary>&lt;registry&gt;/&lt;repository&gt;[:tag], e.g. 127.0.0.1:5000/mlops/fashion; null: no push
    /// stage.</summary>
    public string? Push { get; init; }
}

public enum DeployTarget
{
    Local,

    [ConfigName("cloudrun")]
    CloudRun,
}

/// <summary>What runs the image for target local: podman when installed (auto), or the server as a host
/// process.</summary>
public enum LocalRunner
{
    Auto,
    Podman,
    Process,
}

/// <summary>The `deploy:` section.</summary>
public sealed class DeploySection
{
    public DeployTarget Target { get; init; } = DeployTarget.Local;

    /// <summary>Target local: auto (podman when podman and runc are installed, else the process), podman, or
    /// process.</summary>
    public LocalRunner Runner { get; init; } = LocalRunner.Auto;

    /// <summary>Local server port.</summary>
    [Range(1, 65_535)]
    public int Port { get; init; } = 8080;

    /// <summary>Seconds to wait for /ready.</summary>
    [Range(1, 3600)]
    public int ReadyTimeoutSeconds { get; init; } = 60;

    public string? Project { get; init; }
    public string? Region { get; init; }
    public string? Service { get; init; }

    /// <summary>Cloud Run Admin API endpoint; null for $MLOPS_CLOUD_RUN_ENDPOINT or Google's.</summary>
    public string? Endpoint { get; init; }

    public string Cpu { get; init; } = "1";
    public string Memory { get; init; } = "512Mi";

    [Range(1, 1000)]
    public int Concurrency { get; init; } = 80;

    [Range(0, 1000)]
    public int MinInstances { get; init; }

    [Range(1, 1000)]
    public int MaxInstances { get; init; } = 3;
}

/// <summary>
/// The `smoke:` section: one real Fashion-MNIST test image sent to the deployed server, whose answer must match the
/// registered model file's own answer computed in-process.
/// </summary>
public sealed class SmokeSection
{
    [Range(0, 9_999)]
    public int TestImage { get; init; }

    /// <summary>Largest accepted |server − offline| top-1 probability.</summary>
    [Range(0.0, 1.0)]
    public double MaxProbabilityDiff { get; init; } = 1e-3;

    /// <summary>Where Fashion-MNIST is; null for Debian's location.</summary>
    public string? FashionMnistRoot { get; init; }
}
