using System.CommandLine;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;

namespace Mlops.Cli.Commands;

/// <summary>The options that describe a revision (image by digest, size, scaling, env), shared by `release deploy` and `release canary`.</summary>
public sealed class ReleaseServiceOptions
{
    public Option<string> Image { get; } = new("--image") { Description = "Image by digest: <registry>/<repo>@sha256:... (printed by `mlops deploy build --push`)", Required = true };
    public Option<string> Cpu { get; } = new("--cpu") { Description = "CPU limit", DefaultValueFactory = _ => "1" };
    public Option<string> Memory { get; } = new("--memory") { Description = "Memory limit", DefaultValueFactory = _ => "512Mi" };
    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "Requests per instance at most", DefaultValueFactory = _ => 80 };
    public Option<int> MinInstances { get; } = new("--min-instances") { Description = "Instances kept warm", DefaultValueFactory = _ => 0 };
    public Option<int> MaxInstances { get; } = new("--max-instances") { Description = "Instances at most", DefaultValueFactory = _ => 3 };
    public Option<string[]> Env { get; } = new("--env") { Description = "KEY=VALUE for the container; repeat for several" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Image, Cpu, Memory, Concurrency, MinInstances, MaxInstances, Env }) command.Options.Add(option);
    }

    public ServiceSettings Read(ParseResult parse)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parse.GetValue(Env) ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new MlopsException($"'{pair}' is not KEY=VALUE", "--env");
            env[pair[..equals]] = pair[(equals + 1)..];
        }
        var settings = new ServiceSettings(parse.GetValue(Image)!, parse.GetValue(Cpu)!, parse.GetValue(Memory)!, parse.GetValue(Concurrency),
            parse.GetValue(MinInstances), parse.GetValue(MaxInstances), Environment: env);
        _ = settings.Digest;   // refuses an image given by tag before anything is sent
        return settings;
    }
}
