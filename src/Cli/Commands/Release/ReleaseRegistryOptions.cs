using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Commands.Release;

/// <summary>
/// `--model`, `--alias`, `--registry` of the release commands: which registry version a revision serves (a label on the
/// revision) and which alias follows the service. With --alias, canary/promote/rollback move that alias as well, with
/// --reason recorded in its history.
/// </summary>
public sealed class ReleaseRegistryOptions
{
    /// <param name="versioned">canary/deploy name the version the image holds (fashion:4, fashion@staging);
    /// promote/rollback only the model.</param>
    public ReleaseRegistryOptions(bool versioned)
    {
        Versioned = versioned;
        Model = new Option<string?>("--model")
        {
            Description = versioned
                ? "Registry version the image holds (fashion:4 or fashion@staging): labels the revision, so "
                    + "promote/rollback can move aliases"
                : "Registry model whose --alias follows the service (fashion)",
        };
    }

    public bool Versioned { get; }

    public Option<string?> Model { get; }

    public Option<string?> Alias { get; } =
        new("--alias") { Description = "Registry alias to move with the traffic (e.g. production); needs --model" };

    public Option<string?> Reason { get; } =
        new("--reason")
        {
            Description = "Why, recorded in the alias history (default: the release command's name); needs --alias",
        };

    public Option<string> Registry { get; } = RegistryStoreOption.Create();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Alias, Reason, Registry })
            command.Options.Add(option);
    }

    /// <summary>The model name (without version) from --model, or null; an alias without a model is refused.</summary>
    public string? ModelName(ParseResult parse)
    {
        var model = parse.GetValue(Model);
        if (parse.GetValue(Alias) is not null && model is null)
            throw new MlopsException("--alias needs --model to say which model's alias follows the service", "--alias");
        if (parse.GetValue(Reason) is not null && parse.GetValue(Alias) is null)
            throw new MlopsException(
                "--reason is recorded in the alias history: it needs --alias (and --model)",
                "--reason"
            );
        return model is null ? null : ModelRef.Parse(model).Model;
    }

    public ModelRegistry OpenRegistry(ParseResult parse) =>
        new(BlobStoreFactory.Open(RegistryStoreOption.Resolve(parse, Registry)));

    /// <summary>The release flow for this command's service and registry (resolved only if a step needs
    /// it).</summary>
    public ModelRelease Release(ParseResult parse, CloudRunReleaser releaser) =>
        new(releaser, () => RegistryStoreOption.Resolve(parse, Registry));
}
