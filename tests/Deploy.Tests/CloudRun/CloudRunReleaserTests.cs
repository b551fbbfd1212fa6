using System.Text.Json.Nodes;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.CloudRun;

/// <summary>Our Cloud Run client and release logic against <see cref="FakeCloudRun"/> (the documented API, not Cloud Run).</summary>
public class CloudRunReleaserTests : IDisposable
{
    private const string ImageV1 =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string ImageV2 =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private readonly FakeCloudRun _api = new();
    private readonly CloudRunService _service = CloudRunService.Create("p", "europe-west1", "fashion");

    private CloudRunReleaser Releaser(string token = FakeCloudRun.Token) =>
        new(
            new CloudRunClient(
                _ => Task.FromResult(token),
                _api.Endpoint,
                retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5))
            )
            {
                PollInterval = TimeSpan.FromMilliseconds(5),
            },
            _service
        );

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Deploy_creates_the_service_by_digest_with_resources_probe_and_env_then_waits_for_the_operation()
    {
        var settings = new ServiceSettings(
            ImageV1,
            Cpu: "2",
            Memory: "1Gi",
            Concurrency: 40,
            MinInstances: 1,
            MaxInstances: 5,
            Environment: new Dictionary<string, string> { ["MLOPS_LOG"] = "info" }
        );

        var state = await Releaser().DeployAsync(settings);

        state.Uri.Should().Be("https://fashion-abc123-ew.a.run.app");
        state.LatestReadyRevision.Should().Be("fashion-1111111111");
        var create = _api.Requests.Single(r => r.Method == "POST");
        create.Path.Should().Be("/v2/projects/p/locations/europe-west1/services?serviceId=fashion");
        var container = create.Body!["template"]!["containers"]![0]!;
        container["image"]!.GetValue<string>().Should().Be(ImageV1);
        container["resources"]!["limits"]!["cpu"]!.GetValue<string>().Should().Be("2");
        container["resources"]!["limits"]!["memory"]!.GetValue<string>().Should().Be("1Gi");
        container["startupProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/ready");
        container["ports"]![0]!["containerPort"]!.GetValue<int>().Should().Be(8080);
        container["env"]![0]!["name"]!.GetValue<string>().Should().Be("MLOPS_LOG");
        create.Body["template"]!["scaling"]!["minInstanceCount"]!.GetValue<int>().Should().Be(1);
        create.Body["template"]!["scaling"]!["maxInstanceCount"]!.GetValue<int>().Should().Be(5);
        create.Body["template"]!["maxInstanceRequestConcurrency"]!.GetValue<int>().Should().Be(40);
        _api.Requests.Count(r => r.Path.Contains("/operations/")).Should().Be(2, "the operation is polled until done");
    }

    [Fact]
    public async Task Canary_then_promote_then_rollback_moves_traffic_between_revisions_with_tags()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));

        var canary = await releaser.CanaryAsync(new ServiceSettings(ImageV2), percent: 10);
        canary
            .TrafficStatuses.Should()
            .BeEquivalentTo(
                new[]
                {
                    new TrafficTarget("fashion-1111111111", 90),
                    new TrafficTarget(
                        "fashion-2222222222",
                        10,
                        "canary",
                        "https://canary---fashion-abc123-ew.a.run.app"
                    ),
                }
            );

        var promoted = await releaser.PromoteAsync();
        promoted
            .TrafficStatuses.Select(t => (t.Revision, t.Percent, t.Tag))
            .Should()
            .Equal(("fashion-2222222222", 100, null), ("fashion-1111111111", 0, "previous"));
        _api.Requests.Last(r => r.Method == "PATCH").Path.Should().EndWith("?updateMask=traffic");

        var rolledBack = await releaser.RollbackAsync();
        rolledBack.TrafficStatuses.Select(t => (t.Revision, t.Percent)).Should().Equal(("fashion-1111111111", 100));

        var status = await releaser.StatusAsync();
        status.Revisions.Select(r => r.Name).Should().Equal("fashion-1111111111", "fashion-2222222222");
        status.Revisions.Should().OnlyContain(r => r.Ready);
    }

    [Fact]
    public async Task Rolling_back_a_canary_returns_all_traffic_to_the_stable_revision()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));
        await releaser.CanaryAsync(new ServiceSettings(ImageV2), percent: 25);

        var state = await releaser.RollbackAsync();

        state
            .TrafficStatuses.Select(t => (t.Revision, t.Percent, t.Tag))
            .Should()
            .Equal(("fashion-1111111111", 100, null));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(409)]
    public async Task A_concurrent_change_is_reread_and_retried_once(int conflictStatus)
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));
        _api.ConflictStatus = conflictStatus;
        _api.ConcurrentChanges = 1;

        var state = await releaser.CanaryAsync(new ServiceSettings(ImageV2), 10);

        state.Tagged("canary")!.Revision.Should().Be("fashion-2222222222");
        _api.Requests.Count(r => r.Method == "PATCH").Should().Be(2);
    }

    [Fact]
    public async Task A_conflict_that_persists_stops_with_a_clear_error_and_nothing_released()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));
        var before = _api.Service(_service.Name)!.ToJsonString();
        _api.ConcurrentChanges = 2;

        var canary = () => releaser.CanaryAsync(new ServiceSettings(ImageV2), 10);

        (await canary.Should().ThrowAsync<CloudRunConflictException>()).WithMessage("*precondition failed (412)*");
        StripEtag(_api.Service(_service.Name)!).Should().Be(StripEtag(JsonNode.Parse(before)!.AsObject()));
    }

    [Fact]
    public async Task A_failed_operation_is_reported_and_the_service_keeps_serving_the_old_revision()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));
        _api.FailNextOperation =
            "Revision 'fashion-2222222222' is not ready and cannot serve traffic. The user-provided container failed the configured startup probe checks.";

        var canary = () => releaser.CanaryAsync(new ServiceSettings(ImageV2), 10);

        (await canary.Should().ThrowAsync<MlopsException>()).WithMessage(
            "*Cloud Run failed updating service fashion*startup probe*(code 9)*"
        );
        (await releaser.StatusAsync())
            .Service.TrafficStatuses.Select(t => (t.Revision, t.Percent))
            .Should()
            .Equal(("fashion-1111111111", 100));
    }

    [Fact]
    public async Task Refused_credentials_and_missing_services_are_clear_errors()
    {
        var unauthorized = () => Releaser(token: "expired").DeployAsync(new ServiceSettings(ImageV1));
        (await unauthorized.Should().ThrowAsync<MlopsException>()).WithMessage(
            "*credentials were refused (401)*invalid authentication*"
        );

        var promote = () => Releaser().PromoteAsync();
        (await promote.Should().ThrowAsync<MlopsException>()).WithMessage("*does not exist*deploy it first*");
    }

    [Fact]
    public async Task Promote_without_a_canary_and_images_without_digest_are_refused()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));

        var promote = () => releaser.PromoteAsync();
        (await promote.Should().ThrowAsync<MlopsException>()).WithMessage("*no revision tagged 'canary'*");
        var byTag = () => releaser.CanaryAsync(new ServiceSettings("europe-docker.pkg.dev/p/mlops/fashion:latest"), 10);
        (await byTag.Should().ThrowAsync<MlopsException>()).WithMessage("*always given an image by digest*");
        var tooMuch = () => releaser.CanaryAsync(new ServiceSettings(ImageV2), 100);
        (await tooMuch.Should().ThrowAsync<MlopsException>()).WithMessage("*between 1 and 99*");
    }

    private static string StripEtag(JsonObject service)
    {
        service.Remove("etag");
        return service.ToJsonString();
    }

    [Fact]
    public async Task Revision_labels_say_which_registry_version_each_revision_serves()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1), ReleaseLabels.For("Fashion", "1"));
        await releaser.CanaryAsync(new ServiceSettings(ImageV2), 10, ReleaseLabels.For("Fashion", "2"));

        var revisions = (await releaser.StatusAsync()).Revisions;
        revisions.Select(ReleaseLabels.VersionOf).Should().Equal(1, 2);
        revisions[0].Labels![ReleaseLabels.Model].Should().Be("fashion", "Cloud Run label values are lowercase");
        ReleaseLabels
            .VersionOf(new RevisionInfo("r", null, null, true))
            .Should()
            .BeNull("a revision released without a version has no label");
    }

    [Fact]
    public async Task Restoring_the_traffic_split_puts_back_the_earlier_percentages_and_tags()
    {
        var releaser = Releaser();
        await releaser.DeployAsync(new ServiceSettings(ImageV1));
        var withCanary = await releaser.CanaryAsync(new ServiceSettings(ImageV2), percent: 20);
        await releaser.PromoteAsync();

        var restored = await releaser.RestoreTrafficAsync(withCanary);

        restored
            .TrafficStatuses.Select(t => (t.Revision, t.Percent, t.Tag))
            .Should()
            .Equal(("fashion-1111111111", 80, null), ("fashion-2222222222", 20, "canary"));
    }
}
