using System.Net;
using Mlops.Registry.Models;
using Mlops.Ui.Access;

namespace Mlops.Ui.Tests;

/// <summary>
/// Promote and roll back from the registry page: made by the registry's own calls with the signed-in user as the
/// actor and the reason in the history; refused, with nothing changed, when signed out, without the form's CSRF
/// token, against an access rule, through the registry's gate, or with a form that is too big or not a form.
/// </summary>
public sealed class AliasActionTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private const string Page = "/registry/fashion";
    private const string Promote = "/registry/fashion/promote";

    [Fact]
    public async Task A_promotion_is_recorded_with_the_signed_in_actor_and_the_reason()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = await SignedInAsync(console);

        var moved = await browser.SubmitAsync(
            Page,
            Promote,
            ("version", "2"),
            ("alias", "production"),
            ("reason", "Q4")
        );

        moved.Status.Should().Be(HttpStatusCode.Redirect);
        moved.Location.Should().Be("/registry/fashion#history");
        var last = (await console.HistoryAsync()).Last();
        last.Should()
            .BeEquivalentTo(
                new
                {
                    Alias = "production",
                    Action = "promote",
                    To = 2,
                    Actor = RegistryOptions.DefaultActor(),
                    Reason = "Q4",
                }
            );
        (await browser.GetAsync(Page)).Html.Should().Contain($"<td>{RegistryOptions.DefaultActor()}</td>");
    }

    [Fact]
    public async Task A_rollback_returns_the_alias_and_records_why()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = await SignedInAsync(console);

        var page = await browser.GetAsync(Page);
        var moved = await browser.SubmitAsync(
            Page,
            "/registry/fashion/rollback",
            ("alias", "staging"),
            ("reason", "bad")
        );

        page.Html.Should().Contain("Roll <b>staging</b> back from 2 to 1");
        moved.Status.Should().Be(HttpStatusCode.Redirect);
        (await console.AliasVersionAsync("staging")).Should().Be(1);
        (await console.HistoryAsync()).Last().Should().BeEquivalentTo(new { Action = "rollback", Reason = "bad" });
    }

    [Fact]
    public async Task Signed_out_or_with_a_changed_session_cookie_nothing_moves()
    {
        await using var console = await fixture.StartOwnAsync();
        var before = await console.HistoryAsync();
        var stranger = console.NewSession();
        var tampered = await SignedInAsync(console);
        tampered.Cookies["mlops-session"] = tampered.Cookies["mlops-session"][..^4] + "AAAA";

        var signedOut = await stranger.PostAsync(Promote, [new("version", "1"), new("alias", "production")]);
        var forged = await tampered.PostAsync(
            Promote,
            [new("version", "1"), new("alias", "production"), new("reason", "x"), new("csrf", "x")]
        );

        signedOut.Status.Should().Be(HttpStatusCode.Unauthorized);
        signedOut.Html.Should().Contain("<b>sign-in</b>: changing anything needs a signed-in user");
        forged.Status.Should().Be(HttpStatusCode.Unauthorized);
        forged.Html.Should().Contain("<b>cookie mlops-session</b>: the session cookie could not be read");
        (await console.HistoryAsync()).Should().HaveSameCount(before);
    }

    [Fact]
    public async Task Without_the_pages_csrf_token_nothing_moves()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = await SignedInAsync(console);
        var other = console.NewSession(); // a CSRF token issued to someone else's session
        var foreign = ConsoleSession.Csrf((await other.GetAsync("/signin")).Html);

        var missing = await browser.PostAsync(Promote, [new("version", "1"), new("alias", "prod"), new("reason", "r")]);
        var wrong = await browser.PostAsync(
            Promote,
            [new("version", "1"), new("alias", "prod"), new("reason", "r"), new("csrf", foreign)]
        );

        missing.Status.Should().Be(HttpStatusCode.BadRequest);
        wrong.Status.Should().Be(HttpStatusCode.BadRequest);
        wrong.Html.Should().Contain("<b>csrf</b>: the form&#39;s CSRF token is missing or belongs to another session");
        (await console.AliasVersionAsync("prod")).Should().BeNull();
    }

    [Fact]
    public async Task An_access_rule_refuses_with_a_403_naming_the_rule_and_where_it_is_written()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"mlops-ui-access-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(rules, "aliases:\n  production: [group:release-managers]\n  \"*\": [anyone]\n");
        await using var console = await fixture.StartOwnAsync(options =>
            options with
            {
                Access = AccessPolicy.Load(rules),
            }
        );
        var browser = await SignedInAsync(console);

        var refused = await browser.SubmitAsync(
            Page,
            Promote,
            ("version", "2"),
            ("alias", "production"),
            ("reason", "r")
        );
        var allowed = await browser.SubmitAsync(Page, Promote, ("version", "2"), ("alias", "canary"), ("reason", "r"));

        refused.Status.Should().Be(HttpStatusCode.Forbidden);
        refused.Html.Should().Contain($"rule {rules}:2 (aliases.production) allows group:release-managers;");
        (await console.AliasVersionAsync("production")).Should().BeNull();
        allowed.Status.Should().Be(HttpStatusCode.Redirect);
        (await console.AliasVersionAsync("canary")).Should().Be(2);
        File.Delete(rules);
    }

    [Fact]
    public async Task The_registrys_gate_refuses_a_worse_version_unless_overridden_with_a_reason()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = await SignedInAsync(console);

        var refused = await browser.SubmitAsync(Page, Promote, ("version", "1"), ("alias", "staging"), ("reason", "r"));
        var forced = await browser.SubmitAsync(
            Page,
            Promote,
            ("version", "1"),
            ("alias", "staging"),
            ("reason", "2 misreads sandals"),
            ("force", "on")
        );

        refused.Status.Should().Be(HttpStatusCode.Conflict);
        refused.Html.Should().Contain("promotion refused: version 1 has accuracy 0.61, worse than 0.72 of version 2");
        forced.Status.Should().Be(HttpStatusCode.Redirect);
        (await console.HistoryAsync()).Last().Should().BeEquivalentTo(new { Action = "force-promote", To = 1 });
    }

    [Theory]
    [InlineData("version=9&alias=production&reason=r", HttpStatusCode.NotFound, "version", "has no version 9")]
    [InlineData("version=two&alias=production&reason=r", HttpStatusCode.BadRequest, "version", "not a whole number")]
    [InlineData("version=2&alias=production", HttpStatusCode.BadRequest, "reason", "is required")]
    [InlineData("version=2&alias=7&reason=r", HttpStatusCode.BadRequest, "alias", "cannot be a number")]
    [InlineData("version=2&alias=a&alias=b&reason=r", HttpStatusCode.BadRequest, "alias", "more than once")]
    public async Task A_bad_field_is_refused_by_name_and_nothing_moves(
        string body,
        HttpStatusCode status,
        string field,
        string reason
    )
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = await SignedInAsync(console);
        var csrf = ConsoleSession.Csrf((await browser.GetAsync(Page)).Html);
        var before = await console.HistoryAsync();

        var reply = await browser.SendAsync(Form($"{body}&csrf={Uri.EscapeDataString(csrf)}"));

        reply.Status.Should().Be(status);
        reply.Html.Should().Contain($"<b>{field}</b>").And.Contain(reason);
        (await console.HistoryAsync()).Should().HaveSameCount(before);
    }

    [Fact]
    public async Task An_oversized_form_or_a_body_that_is_not_a_form_is_refused()
    {
        await using var console = await fixture.StartOwnAsync();
        var browser = await SignedInAsync(console);
        var before = await console.HistoryAsync();

        var huge = await browser.SendAsync(Form($"version=2&alias=production&reason={new string('x', 40_000)}"));
        var chunked = Form("");
        chunked.Content = new StreamContent(new MemoryStream(new byte[40_000]));
        chunked.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        chunked.Headers.TransferEncodingChunked = true;
        var streamed = await browser.SendAsync(chunked);
        var json = await browser.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, Promote)
            {
                Content = new StringContent("{\"version\":2}", System.Text.Encoding.UTF8, "application/json"),
            }
        );

        huge.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        huge.Html.Should().Contain("<b>form</b>: the form is larger than 16 KiB; nothing was changed");
        streamed.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge, "a body without a length is cut off too");
        json.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        json.Html.Should().Contain("<b>Content-Type</b>: expected application/x-www-form-urlencoded");
        (await console.HistoryAsync()).Should().HaveSameCount(before);
    }

    private static HttpRequestMessage Form(string body) =>
        new(HttpMethod.Post, Promote)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

    private static async Task<ConsoleSession> SignedInAsync(StartedConsole console)
    {
        var browser = console.NewSession();
        (await browser.SignInWithTokenAsync(console.Options.Token.Value)).Status.Should().Be(HttpStatusCode.Redirect);
        return browser;
    }
}
