using Microsoft.Playwright;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Tests.Shared;
using Mlops.Ui.Access;
using Mlops.Ui.Releases;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Tests;

/// <summary>
/// The console in Debian's chromium (Playwright, no downloaded browser): what a user does with it, start to end.
/// Screenshots of the main pages go to artifacts/test-results/screenshots, which CI keeps.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleFixture fixture, OidcIssuer issuer)
    : IClassFixture<ConsoleFixture>,
        IClassFixture<OidcIssuer>
{
    private static readonly string Screenshots = Path.Combine(
        OidcIssuer.RepoRoot(),
        "artifacts",
        "test-results",
        "screenshots"
    );

    [Fact]
    public async Task Sign_in_with_the_token_filter_runs_compare_three_and_promote_with_a_reason()
    {
        await using var console = await StartAsync();
        await using var chromium = await DebianChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(
            new()
            {
                ViewportSize = new() { Width = 1366, Height = 768 },
            }
        );
        var home = console.BaseAddress.ToString().TrimEnd('/');

        await page.GotoAsync($"{home}/registry/fashion");
        await Assertions.Expect(page.Locator("form#promote")).ToHaveCountAsync(0);
        var signedOut = await page.APIRequest.PostAsync(
            $"{home}/registry/fashion/promote",
            new() { Form = FormOf(page.APIRequest, ("version", "2"), ("alias", "canary"), ("reason", "r")) }
        );
        signedOut.Status.Should().Be(401, "signed out, the console changes nothing");

        await page.GotoAsync($"{home}/signin/token?token={console.Options.Token.Value}");
        page.Url.Should().Be($"{home}/runs", "the token is gone from the address after sign-in");
        await Assertions.Expect(page.Locator("nav .who")).ToContainTextAsync(RegistryOptions.DefaultActor());

        await page.FillAsync("input[name=where]", "status=completed accuracy>0.6");
        await page.ClickAsync("form.query button");
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(4);
        await page.ScreenshotAsync(new() { Path = Shot("ui-runs.png"), FullPage = true });
        foreach (var run in new[] { fixture.Fast, fixture.Slow, fixture.TrialA })
            await page.CheckAsync($"input[name=run][value='{run}']");
        await page.ClickAsync("text=Compare the ticked runs");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Compare 3 runs");
        await page.ScreenshotAsync(new() { Path = Shot("ui-compare.png"), FullPage = true });
        await page.GotoAsync($"{home}/runs");
        await page.ClickAsync($"a[href='/sweeps/{ConsoleFixture.Sweep}']");
        await Assertions.Expect(page.Locator("svg.sweep polyline")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Shot("ui-sweep.png"), FullPage = true });

        await page.GotoAsync($"{home}/registry/fashion");
        await page.SelectOptionAsync("form#promote select[name=version]", "2");
        await page.FillAsync("form#promote input[name=alias]", "canary");
        await page.FillAsync("form#promote input[name=reason]", "try v2 on 5 % of traffic");
        await page.ClickAsync("form#promote button");
        var newest = page.Locator("#history + table tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("canary");
        await Assertions.Expect(newest).ToContainTextAsync(RegistryOptions.DefaultActor());
        await Assertions.Expect(newest).ToContainTextAsync("try v2 on 5 % of traffic");
        await page.ScreenshotAsync(new() { Path = Shot("ui-registry.png"), FullPage = true });

        await page.SelectOptionAsync("form#promote select[name=version]", "2");
        await page.FillAsync("form#promote input[name=alias]", "production");
        await page.FillAsync("form#promote input[name=reason]", "ship it");
        await page.ClickAsync("form#promote button");
        await Assertions
            .Expect(page.Locator("p.error"))
            .ToContainTextAsync("(aliases.production) allows group:release-managers");
        await page.ScreenshotAsync(new() { Path = Shot("ui-refused.png") });
        (await console.AliasVersionAsync("production")).Should().BeNull();
    }

    [Fact]
    public async Task A_release_manager_signs_in_with_the_provider_and_promotes_to_production()
    {
        await using var console = await StartAsync();
        await using var chromium = await DebianChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        var home = console.BaseAddress.ToString().TrimEnd('/');

        await page.GotoAsync($"{home}/registry/fashion");
        await page.ClickAsync("nav .who a");
        await page.FillAsync("input[name=email]", OidcIssuer.ReleaseManager);
        await page.ClickAsync("text=Sign in with localhost");
        await page.WaitForURLAsync($"{home}/registry/fashion");
        await Assertions.Expect(page.Locator("nav .who")).ToContainTextAsync(OidcIssuer.ReleaseManager);
        await page.SelectOptionAsync("form#promote select[name=version]", "2");
        await page.FillAsync("form#promote input[name=alias]", "production");
        await page.FillAsync("form#promote input[name=reason]", "canary clean for a week");
        await page.ClickAsync("form#promote button");

        var newest = page.Locator("#history + table tbody tr").First;
        await Assertions.Expect(newest).ToContainTextAsync("production");
        await Assertions.Expect(newest).ToContainTextAsync(OidcIssuer.ReleaseManager);
        (await console.AliasVersionAsync("production")).Should().Be(2);
    }

    [Fact]
    public async Task A_release_manager_sees_the_canary_and_promotes_it_from_the_releases_page()
    {
        using var api = new FakeCloudRun();
        var client = new CloudRunClient(_ => Task.FromResult(FakeCloudRun.Token), api.Endpoint)
        {
            PollInterval = TimeSpan.FromMilliseconds(5),
        };
        var service = CloudRunService.Create("p", "europe-west1", "fashion");
        await using var console = await fixture.StartOwnAsync(options =>
            options with
            {
                Releases = new ReleaseTargets([service], client),
            }
        );
        var release = new ModelRelease(new CloudRunReleaser(client, service), () => $"file://{console.RegistryFolder}");
        const string digest = "europe-docker.pkg.dev/p/mlops/fashion@sha256:";
        await release.DeployAsync(new ServiceSettings(digest + new string('1', 64)), "fashion:1", default);
        await release.CanaryAsync(
            new ServiceSettings(digest + new string('2', 64)),
            20,
            "fashion:2",
            "canary",
            "ci",
            default
        );
        await using var chromium = await DebianChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(
            new()
            {
                ViewportSize = new() { Width = 1366, Height = 768 },
            }
        );
        var home = console.BaseAddress.ToString().TrimEnd('/');

        await page.GotoAsync($"{home}/signin/token?token={console.Options.Token.Value}&return=%2Freleases");
        await Assertions.Expect(page.Locator("p.agree")).ToContainTextAsync("fashion@canary → version 2");
        await page.ScreenshotAsync(new() { Path = Shot("ui-releases.png"), FullPage = true });
        var promote = page.Locator("form[action='/releases/promote']");
        await promote.Locator("input[name=alias]").FillAsync("canary");
        await promote.Locator("input[name=reason]").FillAsync("error rate flat for a day");
        await promote.Locator("button").ClickAsync();

        await Assertions
            .Expect(page.Locator("tr", new() { HasText = "fashion-2222222222" }))
            .ToContainTextAsync("100%");
        (await console.HistoryAsync())
            .Last()
            .Should()
            .BeEquivalentTo(new { Alias = "canary", Actor = RegistryOptions.DefaultActor() });
    }

    private Task<StartedConsole> StartAsync()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"mlops-ui-access-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(rules, "aliases:\n  production: [group:release-managers]\n  \"*\": [anyone]\n");
        return fixture.StartOwnAsync(options =>
            options with
            {
                Access = AccessPolicy.Load(rules),
                Oidc = new OidcSettings(issuer.Url, "mlops-console", ClientSecret: null),
            }
        );
    }

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
            form.Set(name, value);
        return form;
    }

    private static string Shot(string name)
    {
        Directory.CreateDirectory(Screenshots);
        return Path.Combine(Screenshots, name);
    }
}
