using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.CloudRun;

/// <summary>PromoteTarget/RollbackTarget name, from the service as it is, the revision a promote/rollback would serve — before anything moves.</summary>
public sealed class ReleaseTargetTests : IDisposable
{
    private const string ImageV1 =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string ImageV2 =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private readonly FakeCloudRun _api = new();
    private readonly CloudRunReleaser _releaser;

    public ReleaseTargetTests() =>
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

    public void Dispose() => _api.Dispose();

    private async Task<ServiceState> ServiceAsync() => (await _releaser.StatusAsync()).Service;

    [Fact]
    public async Task The_targets_named_beforehand_are_the_revisions_promote_and_rollback_then_serve()
    {
        await _releaser.DeployAsync(new ServiceSettings(ImageV1));
        await _releaser.CanaryAsync(new ServiceSettings(ImageV2), 10);
        var requests = _api.Requests.Count;

        var promoteTarget = _releaser.PromoteTarget(await ServiceAsync());
        var rollbackTarget = _releaser.RollbackTarget(await ServiceAsync());

        _api.Requests.Skip(requests).Should().OnlyContain(r => r.Method == "GET", "naming a target changes nothing");
        promoteTarget.Should().Be("fashion-2222222222");
        rollbackTarget.Should().Be("fashion-1111111111", "while a canary runs, rollback drops it");
        (await _releaser.PromoteAsync()).ServingRevision.Should().Be(promoteTarget);

        var afterPromote = _releaser.RollbackTarget(await ServiceAsync());
        afterPromote.Should().Be("fashion-1111111111", "after a promote, rollback returns to 'previous'");
        (await _releaser.RollbackAsync()).ServingRevision.Should().Be(afterPromote);
    }

    [Fact]
    public async Task A_service_with_neither_canary_nor_previous_has_no_rollback_target()
    {
        await _releaser.DeployAsync(new ServiceSettings(ImageV1));

        var state = await ServiceAsync();

        FluentActions
            .Invoking(() => _releaser.RollbackTarget(state))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*neither a canary nor a 'previous'*");
        FluentActions
            .Invoking(() => _releaser.PromoteTarget(state))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*no revision tagged 'canary'*");
    }
}
