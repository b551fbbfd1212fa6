using System.Net;
using Mlops.Ui.Access;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Tests;

/// <summary>
/// Sign-in through a real OpenID Connect issuer (authorization code with PKCE, signed ID tokens): the verified email
/// becomes the actor in the registry history, the groups claim feeds the access rules, and a callback that did not
/// start here signs nobody in.
/// </summary>
public sealed class OidcSignInTests(ConsoleFixture fixture, OidcIssuer issuer)
    : IClassFixture<ConsoleFixture>,
        IClassFixture<OidcIssuer>,
        IAsyncLifetime
{
    private const string Page = "/registry/fashion";
    private const string Promote = "/registry/fashion/promote";
    private readonly string _rules = Path.Combine(Path.GetTempPath(), $"mlops-ui-access-{Guid.NewGuid():N}.yaml");
    private StartedConsole? _console;

    private StartedConsole Console => _console!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(
            _rules,
            "aliases:\n  production: [group:release-managers]\n  \"*\": [domain:example.com]\n"
        );
        _console = await fixture.StartOwnAsync(options =>
            options with
            {
                Access = AccessPolicy.Load(_rules),
                Oidc = new OidcSettings(issuer.Url, "mlops-console", ClientSecret: null),
            }
        );
    }

    [Fact]
    public async Task A_release_manager_signs_in_with_the_provider_and_promotes_to_production_as_themselves()
    {
        var browser = Console.NewSession();

        var signedIn = await browser.SignInWithOidcAsync(OidcIssuer.ReleaseManager, Page);
        var moved = await browser.SubmitAsync(
            Page,
            Promote,
            ("version", "2"),
            ("alias", "production"),
            ("reason", "beats v1 by 11 points")
        );

        signedIn.Status.Should().Be(HttpStatusCode.Redirect);
        signedIn.Location.Should().Be(Page);
        browser.SetCookies.Should().Contain(cookie => cookie.StartsWith("mlops-session=") && cookie.Contains("secure"));
        moved.Status.Should().Be(HttpStatusCode.Redirect);
        (await Console.HistoryAsync())
            .Last()
            .Should()
            .BeEquivalentTo(
                new
                {
                    Alias = "production",
                    To = 2,
                    Actor = OidcIssuer.ReleaseManager,
                    Reason = "beats v1 by 11 points",
                }
            );
    }

    [Fact]
    public async Task An_engineer_outside_the_group_is_refused_production_but_may_move_other_aliases()
    {
        var browser = Console.NewSession();
        await browser.SignInWithOidcAsync(OidcIssuer.Engineer);

        var refused = await browser.SubmitAsync(
            Page,
            Promote,
            ("version", "2"),
            ("alias", "production"),
            ("reason", "r")
        );
        var allowed = await browser.SubmitAsync(
            Page,
            Promote,
            ("version", "2"),
            ("alias", "canary"),
            ("reason", "try")
        );

        refused.Status.Should().Be(HttpStatusCode.Forbidden);
        refused
            .Html.Should()
            .Contain($"rule {_rules}:2 (aliases.production) allows group:release-managers; ")
            .And.Contain($"{OidcIssuer.Engineer} (groups: ml) is not one of them");
        (await Console.AliasVersionAsync("production")).Should().BeNull();
        allowed.Status.Should().Be(HttpStatusCode.Redirect);
        (await Console.HistoryAsync())
            .Last()
            .Should()
            .BeEquivalentTo(new { Alias = "canary", Actor = OidcIssuer.Engineer });
    }

    [Fact]
    public async Task A_callback_this_console_did_not_start_signs_nobody_in()
    {
        var browser = Console.NewSession();
        var started = Console.NewSession(); // a sign-in begun in another browser, whose code is replayed here

        var toProvider = await started.GetAsync($"/signin/oidc?email={OidcIssuer.ReleaseManager}");
        using var provider = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var authorized = await provider.GetAsync(toProvider.Location);
        var replayed = await browser.GetAsync(authorized.Headers.Location!.PathAndQuery);

        replayed.Status.Should().Be(HttpStatusCode.Redirect);
        replayed.Location.Should().Be("/signin?failed=1", "the reason is logged, never written into a link");
        browser.Cookies.Should().NotContainKey("mlops-session");
        (await browser.GetAsync(replayed.Location!))
            .Html.Should()
            .Contain("the provider's answer could not be verified");
    }

    [Theory]
    [InlineData(true, "redirect_uri=https%3A%2F%2Fconsole.example.com%2Fsignin%2Foidc%2Fcallback")]
    [InlineData(false, "redirect_uri=http%3A%2F%2F127.0.0.1%3A")]
    public async Task Behind_a_proxy_the_provider_returns_users_to_the_https_address_they_see(
        bool behindProxy,
        string uri
    )
    {
        await using var console = await fixture.StartOwnAsync(options =>
            options with
            {
                BehindProxy = behindProxy,
                Oidc = new OidcSettings(issuer.Url, "mlops-console", ClientSecret: null),
            }
        );
        var request = new HttpRequestMessage(HttpMethod.Get, $"/signin/oidc?email={OidcIssuer.Engineer}");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "console.example.com");

        var reply = await console.NewSession().SendAsync(request);

        reply.Status.Should().Be(HttpStatusCode.Redirect);
        reply.Location.Should().StartWith(issuer.Url).And.Contain(uri, "forwarded headers count only behind a proxy");
    }

    public async Task DisposeAsync()
    {
        if (_console is not null)
            await _console.DisposeAsync();
        File.Delete(_rules);
    }
}
