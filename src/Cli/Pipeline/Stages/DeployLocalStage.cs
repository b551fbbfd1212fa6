using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Local;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// deploy (target local) on deploy.port, replacing what an earlier run of this pipeline started; ready when /ready
/// answers.
/// deploy.runner picks what runs: podman (the image itself, loaded from its OCI archive, run with runc and explicit
/// ulimits) or the registered version served by `mlops serve` as a host process; auto = podman when podman and runc are
/// installed, else the process. The summary says which.
/// </summary>
public sealed class DeployLocalStage : PipelineStage
{
    public const string StageName = "deploy";
    public const string UrlValue = "url";
    public const string RunnerValue = "runner";
    public const string PidValue = "pid";
    public const string ContainerValue = "container";

    /// <summary>The command that stops what this stage started (for the user).</summary>
    public const string StopValue = "stop";

    private const int ContainerPort = 8080;

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [RegisterStage.StageName, BuildImageStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["target"] = "local",
            ["runner"] = Runner(context.Config.Deploy.Runner).ToString().ToLowerInvariant(),
            ["port"] = context.Config.Deploy.Port.ToString(CultureInfo.InvariantCulture),
            ["code"] = Core.Hashing.ContentHash.Combine([
                KeyValuePair.Create("serve", CodeVersion.Of<Serve.ServeOptions>()),
                KeyValuePair.Create("deploy", CodeVersion.Of<PodmanEngine>()),
            ]),
        };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        if (context.PreviousRecord(StageName) is { } previous)
            StopPrevious(previous, context);
        await ServerProcess.WaitPortFreeAsync(context.Config.Deploy.Port, TimeSpan.FromSeconds(15), cancellation);
        var reference = context
            .Upstream(RegisterStage.StageName)
            .Value(RegisterStage.ReferenceValue, RegisterStage.StageName);
        var url = $"http://127.0.0.1:{context.Config.Deploy.Port.ToString(CultureInfo.InvariantCulture)}";
        return Runner(context.Config.Deploy.Runner) == LocalRunner.Podman
            ? await RunContainerAsync(context, reference, url, cancellation)
            : await RunProcessAsync(context, reference, url, cancellation);
    }

    /// <summary>auto resolves to podman when it can run here, else the process; podman asked for but missing is an
    /// error.</summary>
    public static LocalRunner Runner(LocalRunner configured) =>
        configured switch
        {
            LocalRunner.Auto => PodmanEngine.IsAvailable() ? LocalRunner.Podman : LocalRunner.Process,
            LocalRunner.Podman when !PodmanEngine.IsAvailable() => throw new MlopsException(
                "podman (with runc) is not installed: apt-get install -y podman runc, or set deploy.runner: process",
                "deploy.runner"
            ),
            _ => configured,
        };

    private static async Task<StageResult> RunContainerAsync(
        PipelineContext context,
        string reference,
        string url,
        CancellationToken cancellation
    )
    {
        var archive = context.Resolve(context.Config.Image.Out);
        var layout = context
            .Upstream(BuildImageStage.StageName)
            .Value(BuildImageStage.LayoutValue, BuildImageStage.StageName);
        var image = OciArchiveReader.Read(archive, new BlobStore(layout));
        var podman = Podman(context);
        podman.Load(archive);
        var port = context.Config.Deploy.Port.ToString(CultureInfo.InvariantCulture);
        var name = $"mlops-{context.Config.ModelName.ToLowerInvariant()}-{port}";
        var container = podman.Run(image.Config.Digest.Hex, name, context.Config.Deploy.Port, ContainerPort);
        try
        {
            await ServerProcess.WaitReadyAsync(
                url,
                () => podman.IsRunning(container),
                () => podman.Logs(container),
                "the container",
                name,
                TimeSpan.FromSeconds(context.Config.Deploy.ReadyTimeoutSeconds),
                cancellation
            );
        }
        catch
        {
            podman.Remove(container);
            throw;
        }
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [UrlValue] = url,
                [RunnerValue] = "podman",
                [ContainerValue] = container,
                [StopValue] = $"{podman.CommandPrefix} rm -f {name}",
            },
            $"{reference} at {url} (podman container {name}, image {image.Manifest.Digest.Short})"
        );
    }

    private static async Task<StageResult> RunProcessAsync(
        PipelineContext context,
        string reference,
        string url,
        CancellationToken cancellation
    )
    {
        var port = context.Config.Deploy.Port.ToString(CultureInfo.InvariantCulture);
        var log = Path.Combine(context.WorkDir, "server.log");
        var pid = ServerProcess.Start(
            [
                "--model",
                $"{context.Config.ModelName}={reference}",
                "--registry",
                context.RegistryUri,
                "--host",
                "127.0.0.1",
                "--port",
                port,
                "--reload-poll-seconds",
                "0",
                "--threads",
                "1",
            ],
            log
        );
        try
        {
            await ServerProcess.WaitReadyAsync(
                url,
                pid,
                log,
                TimeSpan.FromSeconds(context.Config.Deploy.ReadyTimeoutSeconds),
                cancellation
            );
        }
        catch
        {
            ServerProcess.Stop(pid);
            throw;
        }
        var id = pid.ToString(CultureInfo.InvariantCulture);
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [UrlValue] = url,
                [RunnerValue] = "process",
                [PidValue] = id,
                [StopValue] = $"kill {id}",
            },
            $"{reference} at {url} (server process, pid {pid})"
        );
    }

    /// <summary>A server or container that stopped (or was stopped) is started again.</summary>
    public override async Task<bool> IsStillInPlaceAsync(
        StageRecord record,
        PipelineContext context,
        CancellationToken cancellation
    )
    {
        var running =
            record.Values.GetValueOrDefault(RunnerValue) == "podman"
                ? record.Values.GetValueOrDefault(ContainerValue) is { } container
                    && PodmanEngine.IsAvailable()
                    && Podman(context).IsRunning(container)
                : int.TryParse(
                    record.Values.GetValueOrDefault(PidValue),
                    NumberStyles.Integer,
                    CultureInfo.InvariantCulture,
                    out var pid
                ) && ServerProcess.IsRunning(pid);
        if (!running)
            return false;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await ServerProcess.IsReadyAsync(http, record.Value(UrlValue, Name), cancellation);
    }

    /// <summary>Stops what the previous run started, whichever runner it used.</summary>
    public static void StopPrevious(StageRecord previous, PipelineContext context)
    {
        if (
            previous.Values.TryGetValue(PidValue, out var oldPid)
            && int.TryParse(oldPid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
        )
            ServerProcess.Stop(pid);
        if (previous.Values.TryGetValue(ContainerValue, out var container) && PodmanEngine.IsAvailable())
            Podman(context).Remove(container);
    }

    private static PodmanEngine Podman(PipelineContext context) => new(Path.Combine(context.WorkDir, "podman"));
}
