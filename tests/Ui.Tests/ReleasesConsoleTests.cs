using System.Net;
using Mlops.Core.Artifacts;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Ui.Access;
using Mlops.Ui.Releases;

namespace Mlops.Ui.Tests;

/// <summary>
/// The releases page against the Cloud Run Admin API stand-in and a real file registry: the traffic split, the
/// registry version each revision serves, AGREE/DISAGREE per following alias; promote and stop a canary or roll back
/// from the page, the alias moved with the traffic and recorded with the signed-in actor; refusals change nothing.
/// </summary>
public sealed class ReleasesConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>, IDisposable
{
    private const string V1 =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:"
        + "1111111111111111111111111111111111111111111111111111111111111111";
    private const string V2 =
        "europe-docker.pkg.dev/p/mlops/fashion@sha256:"
        + "2222222222222222222222222222222222222222222222222222222222222222";

    private readonly FakeCloudRun _api = new();
    private readonly CloudRunService _service = CloudRunService.Create("p", "europe-west1", "fashion");

    private CloudRunClient Client() =>
        new(
            _ => Task.FromResult(FakeCloudRun.Token),
            _api.Endpoint,
            retry: new RetryPolicy(2, TimeSpan.FromMilliseconds(5))
        )
        {
            PollInterval = TimeSpan.FromMilliseconds(5),
        };

    /// <summary>Version 1 serving all traffic with production on it; version 2 a 10% canary that the "canary" alias
    /// follows, as `mlops release deploy|canary` leave them.</summary>
    private async Task<StartedConsole> CanaryRunningAsync(AccessPolicy? access = null, string? driftLogs = null)
    {
        var console = await fixture.StartOwnAsync(options =>
            options with
            {
                Releases = new ReleaseTargets([_service], Client()),
                Access = access ?? AccessPolicy.AnyoneSignedIn,
                DriftLogs = driftLogs,
            }
        );
        var registry = $"file://{console.RegistryFolder}";
        var release = new ModelRelease(new CloudRunReleaser(Client(), _service), () => registry, "ci");
        await release.DeployAsync(new ServiceSettings(V1), "fashion:1", default);
        using (var book = new ModelRegistry(Registry.Stores.BlobStoreFactory.Open(registry)))
            await book.PromoteAsync(new PromoteRequest("fashion", 1, "production") { Reason = "first release" });
        await release.CanaryAsync(new ServiceSettings(V2), 10, "fashion:2", "canary", "ci canary", default);
        return console;
    }

    [Fact]
    public async Task The_page_shows_the_split_the_version_each_revision_serves_and_whether_aliases_agree()
    {
        await using var console = await CanaryRunningAsync();

        var page = await console.NewSession().GetAsync("/releases");

        page.Status.Should().Be(HttpStatusCode.OK);
        page.Html.Should()
            .Contain("<td>fashion-1111111111</td><td>90%</td><td></td><td>1</td><td>production</td>")
            .And.Contain("<td>fashion-2222222222</td><td>10%</td><td>canary</td><td>2</td><td>canary, staging</td>")
            .And.Contain("<p class=\"agree\">AGREE: fashion@canary → version 2, as the canary serves")
            .And.Contain("<title>fashion-2222222222 10% (canary)</title>")
            .And.Contain("Sign in</a> to promote or stop a canary");
    }

    [Fact]
    public async Task Promoting_the_canary_then_rolling_back_moves_traffic_and_the_alias_as_the_signed_in_user()
    {
        await using var console = await CanaryRunningAsync();
        var browser = console.NewSession();
        await browser.SignInWithTokenAsync(console.Options.Token.Value);

        var promoted = await browser.SubmitAsync(
            "/releases",
            "/releases/promote",
            ("service", _service.Name),
            ("alias", "production"),
            ("reason", "canary clean for a day")
        );
        var afterPromote = await browser.GetAsync("/releases");
        var rolledBack = await browser.SubmitAsync(
            "/releases",
            "/releases/rollback",
            ("service", _service.Name),
            ("alias", "production"),
            ("reason", "p99 latency up")
        );

        promoted.Status.Should().Be(HttpStatusCode.Redirect, promoted.Html);
        afterPromote
            .Html.Should()
            .Contain("<td>fashion-2222222222</td><td>100%</td>")
            .And.Contain("AGREE: fashion@production → version 2, as the serving revision serves");
        rolledBack.Status.Should().Be(HttpStatusCode.Redirect, rolledBack.Html);
        (await console.AliasVersionAsync("production")).Should().Be(1);
        var history = await console.HistoryAsync();
        history
            .TakeLast(2)
            .Select(move => (move.Alias, move.To, move.Actor))
            .Should()
            .Equal(
                ("production", 2, RegistryOptions.DefaultActor()),
                ("production", 1, RegistryOptions.DefaultActor())
            );
        history.Last().Reason.Should().Contain("p99 latency up");
        (await browser.GetAsync("/releases")).Html.Should().Contain("<td>fashion-1111111111</td><td>100%</td>");
    }

    [Fact]
    public async Task A_canary_started_from_the_page_is_sized_like_the_serving_revision()
    {
        await using var console = await fixture.StartOwnAsync(options =>
            options with
            {
                Releases = new ReleaseTargets([_service], Client()),
            }
        );
        var registry = $"file://{console.RegistryFolder}";
        var stable = new ServiceSettings(
            V1,
            Cpu: "2",
            Memory: "1Gi",
            Environment: new Dictionary<string, string> { ["MLOPS_DRIFT_LOG"] = "/tmp/drift" }
        );
        await new ModelRelease(new CloudRunReleaser(Client(), _service), () => registry, "ci").DeployAsync(
            stable,
            "fashion:1",
            default
        );
        var browser = console.NewSession();
        await browser.SignInWithTokenAsync(console.Options.Token.Value);
        (string, string)[] Canary(string image, string percent) =>
            [
                ("service", _service.Name),
                ("version", "2"),
                ("image", image),
                ("percent", percent),
                ("alias", "canary"),
                ("reason", "try v2"),
            ];

        var notByDigest = await browser.SubmitAsync("/releases", "/releases/canary", Canary("fashion:latest", "10"));
        var unrecorded = await browser.SubmitAsync("/releases", "/releases/canary", Canary("", "10"));
        using (var versions = new ModelRegistry(Registry.Stores.BlobStoreFactory.Open(registry)))
            await VersionImages.RecordAsync(versions, "fashion", "2", V2, default); // as deploy build --push does
        var notThatImage = await browser.SubmitAsync("/releases", "/releases/canary", Canary(V1, "10"));
        var badPercent = await browser.SubmitAsync("/releases", "/releases/canary", Canary("", "100"));
        var started = await browser.SubmitAsync("/releases", "/releases/canary", Canary("", "10"));

        notByDigest.Status.Should().Be(HttpStatusCode.BadRequest);
        notByDigest.Html.Should().Contain("<b>image</b>: &#39;fashion:latest&#39; names no digest");
        unrecorded.Status.Should().Be(HttpStatusCode.BadRequest);
        unrecorded.Html.Should().Contain("<b>image</b>: fashion:2 has no pushed image recorded");
        notThatImage.Status.Should().Be(HttpStatusCode.BadRequest);
        notThatImage.Html.Should().Contain("is not the image pushed for fashion:2");
        badPercent.Status.Should().Be(HttpStatusCode.BadRequest);
        badPercent.Html.Should().Contain("<b>percent</b>: 100 is not 1 to 99");
        started.Status.Should().Be(HttpStatusCode.Redirect, started.Html);
        var container = _api.Service(_service.Name)!["template"]!["containers"]![0]!;
        container["image"]!.GetValue<string>().Should().Be(V2);
        container["resources"]!["limits"]!["memory"]!.GetValue<string>().Should().Be("1Gi");
        container["resources"]!["limits"]!["cpu"]!.GetValue<string>().Should().Be("2");
        container["env"]![0]!["name"]!.GetValue<string>().Should().Be("MLOPS_DRIFT_LOG");
        (await browser.GetAsync("/releases"))
            .Html.Should()
            .Contain("<td>fashion-2222222222</td><td>10%</td><td>canary</td>");
        (await console.HistoryAsync())
            .Last()
            .Should()
            .BeEquivalentTo(
                new
                {
                    Alias = "canary",
                    To = 2,
                    Actor = RegistryOptions.DefaultActor(),
                }
            );
    }

    [Fact]
    public async Task A_rule_or_an_unknown_service_refuses_and_no_traffic_moves()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"mlops-ui-access-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(
            rules,
            "aliases:\n  production: [group:release-managers]\n  canary: [group:release-managers]\n  \"*\": [anyone]\n"
        );
        await using var console = await CanaryRunningAsync(AccessPolicy.Load(rules));
        var browser = console.NewSession();
        await browser.SignInWithTokenAsync(console.Options.Token.Value);
        var before = _api.Service(_service.Name)!["traffic"]!.ToJsonString();

        var refused = await browser.SubmitAsync(
            "/releases",
            "/releases/promote",
            ("service", _service.Name),
            ("alias", "production"),
            ("reason", "r")
        );
        var follower = await browser.SubmitAsync(
            "/releases",
            "/releases/rollback",
            ("service", _service.Name),
            ("alias", "staging"),
            ("reason", "a right to staging is no right to what canary serves")
        );
        var unknown = await browser.SubmitAsync(
            "/releases",
            "/releases/rollback",
            ("service", "projects/p/locations/europe-west1/services/other"),
            ("alias", "canary"),
            ("reason", "r")
        );
        var signedOut = await console
            .NewSession()
            .PostAsync(
                "/releases/promote",
                [new("service", _service.Name), new("alias", "canary"), new("reason", "r")]
            );

        refused.Status.Should().Be(HttpStatusCode.Forbidden);
        refused.Html.Should().Contain("(aliases.production) allows group:release-managers");
        follower.Status.Should().Be(HttpStatusCode.Forbidden);
        follower.Html.Should().Contain("fashion&#39;s traffic decides what fashion@canary serves: rule");
        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown
            .Html.Should()
            .Contain("<b>service</b>: &#39;projects/p/locations/europe-west1/services/other&#39; is not");
        signedOut.Status.Should().Be(HttpStatusCode.Unauthorized);
        _api.Service(_service.Name)!["traffic"]!.ToJsonString().Should().Be(before);
        File.Delete(rules);
    }

    [Fact]
    public async Task Served_traffic_of_the_serving_version_is_compared_with_its_runs_training_reference()
    {
        var drift = Path.Combine(Path.GetTempPath(), $"mlops-ui-drift-{Guid.NewGuid():N}");
        var reference = Path.Combine(fixture.RunsFolder, fixture.Slow, ArtifactNames.DriftReference);
        DriftRecordJson.WriteFile(reference, Records(300, brightness: 0.30, version: "1", seed: 1));
        Directory.CreateDirectory(Path.Combine(drift, "drift", "host-a"));
        var served = Path.Combine(drift, "drift", "host-a", "drift-1.jsonl");
        // The first 200 of the reference itself: the same distribution, whatever the random draw.
        DriftRecordJson.WriteFile(served, Records(200, brightness: 0.30, version: "1", seed: 1));
        await using var console = await CanaryRunningAsync(driftLogs: $"file://{drift}");

        var stable = (await console.NewSession().GetAsync("/releases")).Html;
        DriftRecordJson.WriteFile(
            served,
            [.. Records(200, brightness: 0.55, version: "1", seed: 3), .. Records(50, 0.3, "2", 4)]
        );
        var drifted = (await console.NewSession().GetAsync("/releases")).Html;
        var report = await console
            .NewSession()
            .GetAsync($"/releases/drift?service={Uri.EscapeDataString(_service.Name)}");

        stable.Should().Contain($"STABLE: 200 served records of fashion version 1 against 300 of {fixture.Slow}/");
        drifted
            .Should()
            .Contain(
                "<p class=\"disagree\">DRIFT: 200 served records of fashion version 1",
                "version 2's records are not the serving version's"
            )
            .And.Contain("<td>mean</td>")
            .And.Contain("<b>drift</b>");
        report.Status.Should().Be(HttpStatusCode.OK);
        report.Html.Should().Contain("Drift detected.").And.Contain("<nav>").And.NotContain("<script");
        File.Delete(reference);
        Directory.Delete(drift, recursive: true);
    }

    /// <summary>Served (or reference) records whose images have about <paramref name="brightness"/> mean.</summary>
    private static IEnumerable<DriftRecord> Records(int count, double brightness, string version, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
            yield return new DriftRecord
            {
                Time = DateTimeOffset.UnixEpoch.AddSeconds(i),
                Model = "fashion",
                Version = version,
                Mean = brightness + 0.05 * (random.NextDouble() - 0.5),
                Std = 0.3 + 0.05 * random.NextDouble(),
                Entropy = 5 + random.NextDouble(),
                EdgeDensity = 0.2 + 0.05 * random.NextDouble(),
                Prediction = i % 10,
                Label = $"class {i % 10}",
                Confidence = 0.9,
            };
    }

    public void Dispose() => _api.Dispose();
}
