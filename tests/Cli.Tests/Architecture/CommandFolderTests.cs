using System.Text.RegularExpressions;

namespace Mlops.Cli.Tests.Architecture;

/// <summary>
/// The CLI's folders (issue 21): src/Cli/Commands/&lt;group&gt;/ per command group, each reaching only Common; the
/// pipeline never reaching into the commands (they call it, not the other way round).
/// </summary>
public sealed partial class CommandFolderTests
{
    private static readonly string Cli = Path.Combine(
        Mlops.Deploy.Tests.Fixtures.ServePublish.RepositoryRoot,
        "src",
        "Cli"
    );

    [Fact]
    public void A_command_group_uses_only_Common_and_Common_uses_no_group()
    {
        var groups = Directory.GetDirectories(Path.Combine(Cli, "Commands")).Select(Path.GetFileName).ToList();
        groups.Should().Contain(["Common", "Deploy", "Registry", "Release", "Runs", "Serve"]);
        var crossings = groups
            .SelectMany(group =>
                Directory
                    .GetFiles(Path.Combine(Cli, "Commands", group!), "*.cs")
                    .SelectMany(file =>
                        UsedGroups(file)
                            .Where(used => used != group && (used != "Common" || group == "Common"))
                            .Select(used => $"{Path.GetRelativePath(Cli, file)} uses Commands.{used}")
                    )
            )
            .ToList();

        crossings.Should().BeEmpty();
        Directory
            .GetFiles(Path.Combine(Cli, "Commands"), "*.cs")
            .Select(Path.GetFileName)
            .Should()
            .Equal(
                ["StageCommands.cs"],
                "every command lives in its group's folder; only the list of commands sits above them"
            );
    }

    [Fact]
    public void The_pipeline_does_not_reach_into_the_commands()
    {
        Directory
            .GetFiles(Path.Combine(Cli, "Pipeline"), "*.cs", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("using Mlops.Cli.Commands", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(Cli, file))
            .Should()
            .BeEmpty();
    }

    private static IEnumerable<string> UsedGroups(string file) =>
        UsingGroup().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^using Mlops\.Cli\.Commands\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex UsingGroup();
}
