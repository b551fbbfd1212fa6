using Mlops.Cli;
using Mlops.Cli.Commands;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Tests.Release;

/// <summary>
/// Release steps that move a registry alias with the Cloud Run traffic, against the Cloud Run stand-in and a real file
/// registry: the alias follows the serving revision's version; the gate is asked before any traffic moves; a failed Cloud
/// Run step leaves the alias alone; an alias move refused after the traffic moved (a concurrent alias change) puts it back.
/// </summary>
public sealed partial class ReleaseAliasSyncTests : IDisposable
{
    private static readonly string[] Images =
    [
        "",
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:1111111111111111111111111111111111111111111111111111111111111111",
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:2222222222222222222222222222222222222222222222222222222222222222",
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:3333333333333333333333333333333333333333333333333333333333333333",
    ];

    private readonly FakeCloudRun _api = new();
    private readonly TempDirectory _folder = new("mlops-release-test");
    private readonly ModelRegistry _registry;
    private readonly CloudRunReleaser _releaser;

    public ReleaseAliasSyncTests()
    {
        _registry = new ModelRegistry(BlobStoreFactory.Open("file://" + _folder.Combine("bucket")));
        _releaser = new CloudRunReleaser(
            new CloudRunClient(
                _ => Task.FromResult(FakeCloudRun.Token),
                _api.Endpoint,
                retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5))
            )
            {
                PollInterval = TimeSpan.FromMilliseconds(5),
            },
            CloudRunService.Create("p", "europe-west1", "fashion")
        );
    }

    public void Dispose()
    {
        _registry.Dispose();
        _api.Dispose();
        _folder.Dispose();
    }

    /// <summary>Versions 1 (accuracy 0.90), 2 (0.80, worse), 3 (0.95) and 4 (0.99, never deployed); production on 1, served by Cloud Run.</summary>
    private async Task ServingVersionOneAsync()
    {
        foreach (var (version, accuracy) in new[] { (1, 0.90), (2, 0.80), (3, 0.95), (4, 0.99) })
        {
            var file = _folder.Combine($"model-{version}.onnx");
            File.WriteAllBytes(file, TestImages.Bytes(1000, version));
            (
                await _registry.PushAsync(
                    new PushRequest
                    {
                        Model = "fashion",
                        Files = [new PushFile(file, "model.onnx")],
                        Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy },
                    }
                )
            ).Version.Should().Be(version);
        }
        await _registry.PromoteAsync(new PromoteRequest("fashion", 1, "production"));
        await _releaser.DeployAsync(new ServiceSettings(Images[1]), ReleaseLabels.For("fashion", "1"));
    }

    private Task<ServiceState> CanaryAsync(int version) =>
        _releaser.CanaryAsync(
            new ServiceSettings(Images[version]),
            10,
            ReleaseLabels.For("fashion", version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        );

    /// <summary>The service and registry every release command of these tests names.</summary>
    private string[] CommonArguments() =>
        [
            "--project",
            "p",
            "--region",
            "europe-west1",
            "--service",
            "fashion",
            "--endpoint",
            _api.Endpoint.ToString(),
            "--registry",
            "file://" + _folder.Combine("bucket"),
        ];

    private ReleaseAliasSync Sync(string alias) => new(_releaser, _registry, "fashion", alias);

    private async Task<int?> AliasVersionAsync(string alias) =>
        (await _registry.Aliases.StateAsync("fashion", alias))?.Version;

    [Fact]
    public async Task Canary_promote_and_rollback_move_their_aliases_to_the_version_the_revision_serves()
    {
        await ServingVersionOneAsync();

        var (_, canaryVersion) = await Sync("canary").CanaryAsync(() => CanaryAsync(3), 3, "test canary", default);
        canaryVersion.Should().Be(3);
        (await AliasVersionAsync("canary")).Should().Be(3);
        (await AliasVersionAsync("production")).Should().Be(1, "a canary does not move production");

        var (promoted, promotedVersion) = await Sync("production").PromoteAsync("test promote", default);
        promotedVersion.Should().Be(3);
        promoted.ServingRevision.Should().Be("fashion-3333333333");
        (await AliasVersionAsync("production")).Should().Be(3);

        // Going back to 1 (accuracy 0.90 < 0.95) would be refused by the gate; a rollback overrides it, with the reason recorded.
        var (rolledBack, version) = await Sync("production").RollbackAsync("test rollback", default);
        rolledBack.ServingRevision.Should().Be("fashion-1111111111");
        version.Should().Be(1);
        (await AliasVersionAsync("production")).Should().Be(1);
        (await _registry.HistoryAsync("fashion"))
            .Should()
            .Contain(e =>
                e.Alias == "production"
                && e.To == 1
                && e.Reason != null
                && e.Reason.Contains("test rollback")
                && e.Reason.Contains("fashion-1111111111")
            );
    }

    [Fact]
    public async Task A_Cloud_Run_step_that_fails_leaves_the_alias_where_it_was()
    {
        await ServingVersionOneAsync();
        await CanaryAsync(3);
        _api.FailNextOperation = "revision failed to start";

        await FluentActions
            .Awaiting(() => Sync("production").PromoteAsync("test", default))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*revision failed to start*");

        (await AliasVersionAsync("production")).Should().Be(1);
        var status = await _releaser.StatusAsync();
        status
            .Service.TrafficStatuses.Select(t => (t.Revision, t.Percent))
            .Should()
            .Equal(("fashion-1111111111", 90), ("fashion-3333333333", 10));
    }

    private int PatchesSince(int requestCount) => _api.Requests.Skip(requestCount).Count(r => r.Method == "PATCH");

    [Fact]
    public async Task A_promote_the_gate_refuses_is_stopped_before_any_traffic_moves()
    {
        await ServingVersionOneAsync();
        await CanaryAsync(2); // accuracy 0.80, worse than production's 0.90: the gate refuses it
        var requestsBefore = _api.Requests.Count;

        var error = (
            await FluentActions
                .Awaiting(() => Sync("production").PromoteAsync("test", default))
                .Should()
                .ThrowAsync<MlopsException>()
        ).Which;

        error
            .Message.Should()
            .Contain("promotion refused")
            .And.Contain("accuracy 0.8")
            .And.Contain("traffic did not move");
        PatchesSince(requestsBefore).Should().Be(0, "the stand-in service must never have been asked to move traffic");
        (await AliasVersionAsync("production")).Should().Be(1);
        var status = await _releaser.StatusAsync();
        status
            .Service.TrafficStatuses.Select(t => (t.Revision, t.Percent, t.Tag))
            .Should()
            .Equal(("fashion-1111111111", 90, null), ("fashion-2222222222", 10, "canary"));
    }

    [Fact]
    public async Task A_canary_the_gate_refuses_creates_no_revision()
    {
        await ServingVersionOneAsync();
        await _registry.PromoteAsync(new PromoteRequest("fashion", 1, "canary"));
        var requestsBefore = _api.Requests.Count;

        await FluentActions
            .Awaiting(() => Sync("canary").CanaryAsync(() => CanaryAsync(2), 2, "test", default))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*promotion refused*");

        PatchesSince(requestsBefore).Should().Be(0);
        (await _releaser.StatusAsync()).Revisions.Select(r => r.Name).Should().Equal("fashion-1111111111");
    }

    [Fact]
    public async Task An_alias_changed_by_someone_else_during_the_step_makes_the_gate_refuse_and_the_traffic_is_put_back()
    {
        await ServingVersionOneAsync();
        await CanaryAsync(3); // 0.95: accepted against production's 0.90 when checked first

        async Task<ServiceState> PromoteWhileSomeoneElseMovesProduction()
        {
            await _registry.PromoteAsync(
                new PromoteRequest("fashion", 4, "production") { Reason = "another release manager" }
            ); // 0.99
            return await _releaser.PromoteAsync();
        }
        var error = (
            await FluentActions
                .Awaiting(() =>
                    Sync("production")
                        .RunAsync(
                            PromoteWhileSomeoneElseMovesProduction,
                            ReleaseAliasSync.Follow.Serving,
                            status => ReleaseAliasSync.VersionOf(status, _releaser.PromoteTarget(status.Service)),
                            force: false,
                            "test",
                            default
                        )
                )
                .Should()
                .ThrowAsync<MlopsException>()
        ).Which;

        error.Message.Should().Contain("promotion refused").And.Contain("put back as it was");
        (await AliasVersionAsync("production")).Should().Be(4, "the other move stands");
        var status = await _releaser.StatusAsync();
        status
            .Service.TrafficStatuses.Select(t => (t.Revision, t.Percent, t.Tag))
            .Should()
            .Equal(("fashion-1111111111", 90, null), ("fashion-3333333333", 10, "canary"));
    }

    [Fact]
    public async Task A_revision_released_without_a_version_cannot_move_an_alias_and_its_traffic_never_moves()
    {
        await ServingVersionOneAsync();
        await _releaser.CanaryAsync(new ServiceSettings(Images[3]), 10); // no --model: no version label
        var requestsBefore = _api.Requests.Count;

        await FluentActions
            .Awaiting(() => Sync("production").PromoteAsync("test", default))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*carries no 'mlops-version' label*");

        PatchesSince(requestsBefore).Should().Be(0);
        (await _releaser.StatusAsync()).Service.ServingRevision.Should().Be("fashion-1111111111");
        (await AliasVersionAsync("production")).Should().Be(1);
    }

    [Fact]
    public async Task The_release_commands_move_the_alias_with_the_traffic_and_report_a_refusal_with_exit_code_2()
    {
        await ServingVersionOneAsync();
        _api.PollsBeforeDone = 1;
        Environment.SetEnvironmentVariable(CloudRunConnection.TokenVariable, FakeCloudRun.Token);
        var common = CommonArguments();

        CliApp
            .Run([
                "release",
                "canary",
                .. common,
                "--image",
                Images[3],
                "--model",
                "fashion:3",
                "--alias",
                "canary",
                "--percent",
                "10",
            ])
            .Should()
            .Be(0);
        (await AliasVersionAsync("canary")).Should().Be(3);
        CliApp
            .Run([
                "release",
                "promote",
                .. common,
                "--model",
                "fashion",
                "--alias",
                "production",
                "--reason",
                "fixes the sandal class",
            ])
            .Should()
            .Be(0);
        (await AliasVersionAsync("production")).Should().Be(3);
        CliApp.Run(["release", "rollback", .. common, "--model", "fashion", "--alias", "production"]).Should().Be(0);
        (await AliasVersionAsync("production")).Should().Be(1);
        var history = await _registry.HistoryAsync("fashion");
        history
            .Should()
            .Contain(e =>
                e.Alias == "canary"
                && e.To == 3
                && e.Reason == "mlops release canary (Cloud Run canary revision fashion-3333333333)"
            );
        history
            .Should()
            .Contain(e =>
                e.Alias == "production"
                && e.To == 3
                && e.Reason == "fixes the sandal class (Cloud Run revision fashion-3333333333)"
            );
        history
            .Should()
            .Contain(e =>
                e.Alias == "production"
                && e.To == 1
                && e.Action == "force-promote"
                && e.Reason == "mlops release rollback (Cloud Run revision fashion-1111111111)"
            );
        CliApp
            .Run(["release", "promote", .. common, "--reason", "no alias to record it in"])
            .Should()
            .Be(2, "--reason needs --alias");

        CliApp.Run(["release", "canary", .. common, "--image", Images[2], "--model", "fashion:2"]).Should().Be(0);
        var requestsBefore = _api.Requests.Count;
        CliApp
            .Run(["release", "promote", .. common, "--model", "fashion", "--alias", "production"])
            .Should()
            .Be(2, "the gate refuses version 2");
        PatchesSince(requestsBefore).Should().Be(0, "a refused promote never touches the traffic");
        (await _releaser.StatusAsync()).Service.ServingRevision.Should().Be("fashion-1111111111");
        CliApp
            .Run(["release", "canary", .. common, "--image", Images[3], "--model", "fashion:9"])
            .Should()
            .Be(2, "version 9 does not exist");
    }
}
