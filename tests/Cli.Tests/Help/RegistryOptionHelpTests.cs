using System.CommandLine;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Tests.Help;

/// <summary>
/// Every command that reads the model registry takes --registry; its help must say where the registry is when the
/// option is left out, in the same words everywhere (`mlops serve --help` once did not).
/// </summary>
public sealed class RegistryOptionHelpTests
{
    [Fact]
    public void Every_registry_option_names_the_environment_variable_and_the_default_folder_in_one_description()
    {
        var found = new Dictionary<string, string>();
        Walk(CliApp.BuildRoot(), "mlops", found);

        found
            .Keys.Should()
            .Contain([
                "mlops serve",
                "mlops predict",
                "mlops registry",
                "mlops deploy build",
                "mlops release canary",
                "mlops release deploy",
            ]);
        foreach (var (command, description) in found)
            description.Should().Contain("$MLOPS_REGISTRY").And.Contain(BlobStoreFactory.DefaultUri, command);
        found.Values.Distinct().Should().HaveCount(1, "one shared description, not copies that drift apart");
    }

    [Fact]
    public void Serve_help_says_which_registry_it_uses_without_the_option()
    {
        var result = Mlops.Deploy.Tests.Fixtures.ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "serve", "--help"],
            timeout: TimeSpan.FromSeconds(30)
        );

        result.ExitCode.Should().Be(0, result.Error);
        var registryLines = result
            .Output.Split('\n')
            .SkipWhile(line => !line.TrimStart().StartsWith("--registry", StringComparison.Ordinal))
            .TakeWhile(line => !line.TrimStart().StartsWith("--max-batch-size", StringComparison.Ordinal));
        var help = string.Join(' ', registryLines.Select(line => line.Trim()));
        help.Should().Contain("$MLOPS_REGISTRY").And.Contain(BlobStoreFactory.DefaultUri);
        help.Should()
            .NotContain(
                "[default:",
                "the description says the default once; a second one would be wrong under $MLOPS_REGISTRY"
            );
    }

    private static void Walk(Command command, string path, Dictionary<string, string> found)
    {
        if (command.Options.FirstOrDefault(option => option.Name == "--registry") is { } registry)
            found[path] = registry.Description ?? "";
        foreach (var sub in command.Subcommands)
            Walk(sub, $"{path} {sub.Name}", found);
    }
}
