using System.Net;
using Mlops.Registry.Models;

namespace Mlops.Ui.Tests;

/// <summary>The one-time token printed at start: it signs one browser in, then is spent; the session cookie it
/// leaves is Secure, HttpOnly and SameSite, and no secret stays in the address.</summary>
public sealed class TokenSignInTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_token_link_signs_in_once_and_redirects_to_an_address_without_it()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = console.NewSession();

        var wrong = await browser.SignInWithTokenAsync("0123456789abcdef");
        var signedIn = await browser.SignInWithTokenAsync(console.Options.Token.Value);
        var again = await console.NewSession().SignInWithTokenAsync(console.Options.Token.Value);

        wrong.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Html.Should().Contain("<b>token</b>: not the token mlops ui printed at start");
        signedIn.Status.Should().Be(HttpStatusCode.Redirect);
        signedIn.Location.Should().Be("/runs", "the token must not stay in the address bar or the history");
        browser
            .SetCookies.Should()
            .ContainSingle(cookie => cookie.StartsWith("mlops-session="))
            .Which.Should()
            .Contain("secure")
            .And.Contain("httponly")
            .And.Contain("samesite=lax");
        again.Status.Should().Be(HttpStatusCode.Unauthorized, "a spent token signs nobody else in");
        again.Html.Should().Contain("restart mlops ui for a new one");
        (await browser.GetAsync("/registry/fashion"))
            .Html.Should()
            .Contain($"signed in as <b>{RegistryOptions.DefaultActor()}</b>")
            .And.Contain("action=\"/registry/fashion/promote\"");
    }

    [Fact]
    public async Task The_token_form_needs_the_pages_csrf_token_and_returns_only_to_a_path_of_this_console()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = console.NewSession();

        var forged = await browser.PostAsync("/signin/token", [new("token", console.Options.Token.Value)]);
        var spentByForgery = console.Options.Token.IsSpent;
        var offsite = await browser.SubmitAsync(
            "/signin",
            "/signin/token",
            ("token", console.Options.Token.Value),
            ("return", "//evil.example/runs")
        );

        forged.Status.Should().Be(HttpStatusCode.BadRequest);
        forged.Html.Should().Contain("<b>csrf</b>");
        spentByForgery.Should().BeFalse("a refused form spends nothing");
        offsite.Status.Should().Be(HttpStatusCode.Redirect);
        offsite.Location.Should().Be("/runs", "a return address off this console is an open redirect");
    }

    [Theory]
    [InlineData("/registry/fashion", "/registry/fashion")]
    [InlineData("//evil.example/runs", "/runs")]
    [InlineData("/\t/evil.example", "/runs")]
    [InlineData("/\\evil.example", "/runs")]
    [InlineData("https://evil.example/", "/runs")]
    [InlineData("/runs?next=https://evil.example", "/runs")]
    public void Only_a_path_on_this_console_is_a_return_address(string requested, string expected) =>
        SignIn.SignInEndpoints.ReturnPath(requested).Should().Be(expected);

    [Fact]
    public async Task With_token_sign_in_off_the_printed_token_opens_nothing()
    {
        await using var console = await fixture.StartOwnAsync(options => options with { TokenSignIn = false });
        var browser = console.NewSession();

        var refused = await browser.SignInWithTokenAsync(console.Options.Token.Value);

        refused.Status.Should().Be(HttpStatusCode.NotFound);
        refused.Html.Should().Contain("<b>token</b>: token sign-in is off");
        browser.Cookies.Should().NotContainKey("mlops-session");
        (await browser.GetAsync("/signin")).Html.Should().NotContain("action=\"/signin/token\"");
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused()
    {
        await using var console = await fixture.StartOwnAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/runs");
        request.Headers.Host = "rebound.example";

        var reply = await console.NewSession().SendAsync(request);

        reply.Status.Should().Be(HttpStatusCode.BadRequest, "a page that rebinds its name to 127.0.0.1 reads nothing");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = console.NewSession();
        await browser.SignInWithTokenAsync(console.Options.Token.Value);

        var signedOut = await browser.SubmitAsync("/runs", "/signout");
        var page = await browser.GetAsync("/registry/fashion");

        signedOut.Status.Should().Be(HttpStatusCode.Redirect);
        browser.Cookies.Should().NotContainKey("mlops-session");
        page.Html.Should().Contain(">Sign in</a>").And.NotContain("action=\"/registry/fashion/promote\"");
    }
}
