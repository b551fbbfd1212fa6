using System.CommandLine;
using System.Text.RegularExpressions;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;

namespace Mlops.Cli.Commands.Release;

/// <summary>The options that describe a revision (image by digest, size, scaling, env), shared by `release deploy` and
/// `release canary`.</summary>
public sealed partial class ReleaseServiceOptions
{
    public Option<string> Image { get; } =
        new("--image")
        {
            Description = "Image by digest: <registry>/<repo>@sha256:... (printed by `mlops deploy build --push`)",
            Required = true,
        };
    public Option<string> Cpu { get; } = new("--cpu") { Description = "CPU limit", DefaultValueFactory = _ => "1" };
    public Option<string> Memory { get; } =
        new("--memory") { Description = "Memory limit", DefaultValueFactory = _ => "512Mi" };
    public Option<int> Concurrency { get; } =
        new("--concurrency") { Description = "Requests per instance at most", DefaultValueFactory = _ => 80 };
    public Option<int> MinInstances { get; } =
        new("--min-instances") { Description = "Instances kept warm", DefaultValueFactory = _ => 0 };
    public Option<int> MaxInstances { get; } =
        new("--max-instances") { Description = "Instances at most", DefaultValueFactory = _ => 3 };
    public Option<string[]> Env { get; } =
        new("--env") { Description = "KEY=VALUE for the container; repeat for several" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Image, Cpu, Memory, Concurrency, MinInstances, MaxInstances, Env })
            command.Options.Add(option);
    }

    public ServiceSettings Read(ParseResult parse)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parse.GetValue(Env) ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                throw new MlopsException($"'{pair}' is not KEY=VALUE", "--env");
            env[pair[..equals]] = pair[(equals + 1)..];
        }
        // Checked here, before a token is minted or an operation started, rather than read back from Cloud Run's 400.
        var (cpu, memory, concurrency, min, max) = (
            parse.GetValue(Cpu)!,
            parse.GetValue(Memory)!,
            parse.GetValue(Concurrency),
            parse.GetValue(MinInstances),
            parse.GetValue(MaxInstances)
        );
        if (!CpuForm().IsMatch(cpu))
            throw new MlopsException($"'{cpu}' is not a CPU limit: e.g. 1, 2 or 500m", "--cpu");
        if (!MemoryForm().IsMatch(memory))
            throw new MlopsException($"'{memory}' is not a memory limit: e.g. 512Mi or 2Gi", "--memory");
        if (concurrency is < 1 or > 1000)
            throw new MlopsException(
                $"must be between 1 and 1000 requests per instance, got {concurrency}",
                "--concurrency"
            );
        if (max < 1)
            throw new MlopsException($"must be at least 1, got {max}", "--max-instances");
        if (min < 0 || min > max)
            throw new MlopsException($"must be between 0 and --max-instances ({max}), got {min}", "--min-instances");
        var settings = new ServiceSettings(
            parse.GetValue(Image)!,
            cpu,
            memory,
            concurrency,
            min,
            max,
            Environment: env
        );
        _ = settings.Digest; // refuses an image given by tag before anything is sent
        return settings;
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?m?$")]
    private static partial Regex CpuForm();

    [GeneratedRegex(@"^[0-9]+(Ki|Mi|Gi|k|M|G)?$")]
    private static partial Regex MemoryForm();
}
