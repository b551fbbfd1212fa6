using System.Globalization;
using Mlops.Core.Errors;
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

    /// <summary>The local deployment's name: `mlops deploy list|stop` know it by that.</summary>
    public const string DeploymentValue = "deployment";

    /// <summary>The command that stops what this stage started (for the user).</summary>
    public const string StopValue = "stop";

    private const string LegacyPidValue = "pid";
    private const string LegacyContainerValue = "container";

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
        var reference = context
            .Upstream(RegisterStage.StageName)
            .Value(RegisterStage.ReferenceValue, RegisterStage.StageName);
        var deployer = new LocalDeployer(context.Deployments);
        var deploy = context.Config.Deploy;
        var port = deploy.Port.ToString(CultureInfo.InvariantCulture);
        var name = LocalDeploymentStore.NameFor(context.Config.ModelName, deploy.Port);
        var timeout = TimeSpan.FromSeconds(deploy.ReadyTimeoutSeconds);
        var deployment =
            Runner(deploy.Runner) == LocalRunner.Podman
                ? await deployer.StartContainerAsync(
                    new LocalContainerRequest(
                        name,
                        deploy.Port,
                        reference,
                        timeout,
                        context.Resolve(context.Config.Image.Out),
                        context
                            .Upstream(BuildImageStage.StageName)
                            .Value(BuildImageStage.LayoutValue, BuildImageStage.StageName),
                        PodmanState(context)
                    ),
                    cancellation
                )
                : await deployer.StartProcessAsync(
                    new LocalProcessRequest(
                        name,
                        deploy.Port,
                        reference,
                        timeout,
                        ["dotnet", typeof(CliApp).Assembly.Location, "serve", .. ServeArguments(context, reference)],
                        Path.Combine(context.WorkDir, "server.log")
                    ),
                    cancellation
                );
        var runner = deployment.Runner == LocalRunnerKind.Podman ? "podman container" : "server process";
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [UrlValue] = deployment.Url,
                [RunnerValue] = deployment.Runner.ToString().ToLowerInvariant(),
                [DeploymentValue] = deployment.Name,
                [StopValue] = $"mlops deploy stop {deployment.Name}",
            },
            $"{reference} at {deployment.Url} ({runner} {deployment.Name})"
        );
    }

    private static string[] ServeArguments(PipelineContext context, string reference) =>
        [
            "--model",
            $"{context.Config.ModelName}={reference}",
            "--registry",
            context.RegistryUri,
            "--host",
            "127.0.0.1",
            "--port",
            context.Config.Deploy.Port.ToString(CultureInfo.InvariantCulture),
            "--reload-poll-seconds",
            "0",
            "--threads",
            "1",
        ];

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

    /// <summary>A server or container that stopped (or was stopped) is started again.</summary>
    public override async Task<bool> IsStillInPlaceAsync(
        StageRecord record,
        PipelineContext context,
        CancellationToken cancellation
    ) =>
        record.Values.GetValueOrDefault(DeploymentValue) is { } name
        && context.Deployments.Find(name) is { } deployment
        && deployment.Url == record.Value(UrlValue, Name)
        && await LocalDeployer.IsServingAsync(deployment, cancellation);

    /// <summary>
    /// Stops what the previous run started. Records written before deployments had names carry a process id or a
    /// container instead; those are stopped directly.
    /// </summary>
    public static void StopPrevious(StageRecord previous, PipelineContext context)
    {
        if (previous.Values.TryGetValue(DeploymentValue, out var name))
            new LocalDeployer(context.Deployments).StopIfDeployed(name);
        if (
            previous.Values.TryGetValue(LegacyPidValue, out var oldPid)
            && int.TryParse(oldPid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
        )
            ServerProcess.Stop(pid);
        if (previous.Values.TryGetValue(LegacyContainerValue, out var container) && PodmanEngine.IsAvailable())
            new PodmanEngine(PodmanState(context)).Remove(container);
    }

    private static string PodmanState(PipelineContext context) => Path.Combine(context.WorkDir, "podman");
}
