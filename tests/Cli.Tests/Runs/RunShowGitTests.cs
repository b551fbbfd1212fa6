using System.Text.Json.Nodes;
using Mlops.Cli.Commands;
using Mlops.Cli.Commands.Runs;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Train.Runs;

namespace Mlops.Cli.Tests.Runs;

/// <summary>`runs show` always has a git row: a run trained outside any checkout says so instead of leaving it out.</summary>
public sealed class RunShowGitTests
{
    [Fact]
    public void A_run_with_no_recorded_commit_says_none_and_one_with_a_commit_shows_it()
    {
        using var folder = new TempDirectory("mlops-runs-git-test");
        var withCommit = RunFolder.Create(folder.Path, "in-checkout", "", []);
        var withoutCommit = RunFolder.Create(folder.Path, "outside", "", []);
        var info = JsonNode.Parse(File.ReadAllText(withoutCommit.InfoPath))!.AsObject();
        info.Remove("git_commit").Should().BeTrue("run.json names the field git_commit");
        info.Remove("git_dirty");
        File.WriteAllText(withoutCommit.InfoPath, info.ToJsonString());

        RunShowRows
            .Of(RunDetails.Of(RunFolder.Open(withoutCommit.Path)))
            .Should()
            .Contain(("git", "none (neither the experiment file nor the working folder was in a git checkout)"));
        RunShowRows
            .Of(RunDetails.Of(withCommit))
            .Single(row => row.Key == "git")
            .Value.Should()
            .MatchRegex("^[0-9a-f]{40}");
    }
}
