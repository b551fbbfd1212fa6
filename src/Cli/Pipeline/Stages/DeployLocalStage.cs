using System.Globalization;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// deploy (target local): the registered version served by `mlops serve` in its own process on
/// deploy.port, replacing the server an earlier run of this pipeline started; ready when /ready answers.
/// </summary>
public sealed class DeployLocalStage : PipelineStage
{
    public const string StageName = "deploy";
    public const string UrlValue = "url";
    public const string PidValue = "pid";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [RegisterStage.StageName, BuildImageStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) => new Dictionary<string, string>
    {
        ["target"] = "local-process",
        ["port"] = context.Config.Deploy.Port.ToString(CultureInfo.InvariantCulture),
        ["code"] = CodeVersion.Of<Serve.ServeOptions>(),
    };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        if (context.PreviousRecord(StageName) is { } previous && previous.Values.TryGetValue(PidValue, out var oldPid))
            ServerProcess.Stop(int.Parse(oldPid, CultureInfo.InvariantCulture));
        var reference = context.Upstream(RegisterStage.StageName).Value(RegisterStage.ReferenceValue, RegisterStage.StageName);
        var port = context.Config.Deploy.Port;
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var log = Path.Combine(context.WorkDir, "server.log");
        var pid = ServerProcess.Start(
            ["--model", $"{context.Config.ModelName}={reference}", "--registry", context.RegistryUri, "--host", "127.0.0.1",
             "--port", port.ToString(CultureInfo.InvariantCulture), "--reload-poll-seconds", "0", "--threads", "1"], log);
        try
        {
            await ServerProcess.WaitReadyAsync(url, pid, log, TimeSpan.FromSeconds(context.Config.Deploy.ReadyTimeoutSeconds), cancellation);
        }
        catch
        {
            ServerProcess.Stop(pid);
            throw;
        }
        return new StageResult([], new Dictionary<string, string>
        {
            [UrlValue] = url,
            [PidValue] = pid.ToString(CultureInfo.InvariantCulture),
        }, $"{reference} at {url} (pid {pid})");
    }

    /// <summary>A server that stopped (or was stopped) is started again.</summary>
    public override async Task<bool> IsStillInPlaceAsync(StageRecord record, PipelineContext context, CancellationToken cancellation)
    {
        if (!int.TryParse(record.Values.GetValueOrDefault(PidValue), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            || !ServerProcess.IsRunning(pid))
            return false;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await ServerProcess.IsReadyAsync(http, record.Value(UrlValue, Name), cancellation);
    }
}
