using Mlops.Cli.Commands;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;

namespace Mlops.Cli.Tests.Release;

/// <summary>`release status` next to the registry: each revision's version and aliases, and AGREE/DISAGREE per following alias.</summary>
public sealed partial class ReleaseAliasSyncTests
{
    private async Task<ReleaseRegistryView> ViewAsync()
    {
        var status = await _releaser.StatusAsync();
        return ReleaseRegistryView.Build(
            status,
            ReleaseRegistryView.LabelledModel(status),
            await _registry.Aliases.AllAsync("fashion")
        );
    }

    [Fact]
    public async Task Status_shows_each_revisions_version_and_aliases_and_the_aliases_that_follow_the_service_agree()
    {
        await ServingVersionOneAsync();
        await Sync("canary").CanaryAsync(() => CanaryAsync(3), 3, "test canary", default);

        var view = await ViewAsync();

        view.Model.Should().Be("fashion", "read from the revisions' mlops-model label");
        view.Rows.Select(r => (r.Revision, r.Percent, r.Tag, r.Version, string.Join(",", r.Aliases)))
            .Should()
            .Equal(
                ("fashion-1111111111", 90, null, 1, "production"),
                ("fashion-3333333333", 10, "canary", 3, "canary")
            );
        view.Checks(null)
            .Should()
            .Equal(
                "AGREE: fashion@canary → version 3, as the canary serves: version 3 (revision fashion-3333333333, 10%, tag canary)"
            );
        view.Checks("production")
            .Should()
            .Equal(
                "AGREE: fashion@production → version 1, as the serving revision serves: version 1 (revision fashion-1111111111, 90%)"
            );
    }

    [Fact]
    public async Task Status_says_DISAGREE_when_the_traffic_or_the_alias_was_moved_alone()
    {
        await ServingVersionOneAsync();
        await CanaryAsync(3);
        await Sync("production").PromoteAsync("test promote", default);
        (await ViewAsync())
            .Checks(null)
            .Should()
            .Equal(
                "AGREE: fashion@production → version 3, as the serving revision serves: version 3 (revision fashion-3333333333, 100%)"
            );

        await _releaser.RollbackAsync(); // traffic back without --alias: production still says 3

        var lines = (await ViewAsync()).Checks(null);
        lines
            .Should()
            .Equal(
                "DISAGREE: fashion@production → version 3, but the serving revision serves version 1 (revision fashion-1111111111, 100%)"
            );

        await _registry.PromoteAsync(
            new PromoteRequest("fashion", 1, "production") { Force = true, Reason = "by hand" }
        );
        (await ViewAsync()).Checks("production").Should().ContainSingle().Which.Should().StartWith("AGREE");
        (await ViewAsync())
            .Checks("staging")
            .Should()
            .Equal(
                "DISAGREE: fashion has no alias 'staging', while the serving revision serves version 1 (revision fashion-1111111111, 100%)"
            );
    }

    [Fact]
    public async Task A_release_records_what_the_alias_follows_in_typed_fields_and_older_reason_only_moves_still_count()
    {
        await ServingVersionOneAsync();
        await Sync("canary").CanaryAsync(() => CanaryAsync(3), 3, "looks good (Cloud Run revision x)", default);

        var canary = (await _registry.Aliases.StateAsync("fashion", "canary"))!;
        canary
            .LastEvent.Follows.Should()
            .Be(
                new AliasFollow(
                    "projects/p/locations/europe-west1/services/fashion",
                    "fashion-3333333333",
                    AliasFollow.Canary
                ),
                "a reason that happens to mention a revision must not decide what the alias follows"
            );
        ReleaseAliasSync.FollowsCanary(canary).Should().BeTrue();

        // A move recorded before the typed field: only its reason said it followed the service.
        await _registry.PromoteAsync(
            new PromoteRequest("fashion", 3, "staging") { Reason = "x (Cloud Run revision fashion-3)" }
        );
        await _registry.PromoteAsync(new PromoteRequest("fashion", 3, "manual") { Reason = "by hand" });
        var staging = (await _registry.Aliases.StateAsync("fashion", "staging"))!;
        staging.LastEvent.Follows.Should().BeNull();
        ReleaseAliasSync.FollowsService(staging).Should().BeTrue();
        ReleaseAliasSync.FollowsCanary(staging).Should().BeFalse();
        ReleaseAliasSync.FollowsService((await _registry.Aliases.StateAsync("fashion", "manual"))!).Should().BeFalse();
        (await ViewAsync())
            .Checks(null)
            .Select(line => string.Join(' ', line.Split(' ')[..2]))
            .Should()
            .Equal("AGREE: fashion@canary", "DISAGREE: fashion@staging");
    }

    [Fact]
    public async Task The_status_command_reads_the_registry_and_exits_0()
    {
        await ServingVersionOneAsync();
        Environment.SetEnvironmentVariable(CloudRunConnection.TokenVariable, FakeCloudRun.Token);
        var common = CommonArguments();

        CliApp.Run(["release", "status", .. common, "--model", "fashion", "--alias", "production"]).Should().Be(0);
        CliApp.Run(["release", "status", .. common]).Should().Be(0);
        CliApp.Run(["release", "status", .. common, "--model", "no such model!"]).Should().Be(2);
    }
}
