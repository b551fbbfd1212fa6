using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mlops.Ui.Actions;
using Mlops.Ui.Pages;

namespace Mlops.Ui.SignIn;

/// <summary>
/// /signin (the page), /signin/token (the printed one-time token, by link or form), /signin/oidc (off to the
/// provider) and /signout. A successful sign-in answers with a redirect, so no secret stays in the address bar.
/// </summary>
internal static class SignInEndpoints
{
    /// <param name="token">The printed token; null when token sign-in is off (with OIDC).</param>
    public static void Map(IEndpointRouteBuilder app, OneTimeToken? token, OidcSettings? oidc)
    {
        app.MapGet("/signin", Handler(context => UiServer.PageAsync(context, () => Page(context, token, oidc))));
        app.MapGet(
            "/signin/token",
            Handler(context =>
                UiServer.ActionAsync(context, () =>
                    RedeemAsync(context, token, context.Request.Query["token"], context.Request.Query["return"])
                )
            )
        );
        app.MapPost("/signin/token", Handler(context => UiServer.ActionAsync(context, async () =>
                {
                    var form = await ConsoleForm.ReadAsync(context);
                    return await RedeemAsync(context, token, form.Optional("token"), form.Optional("return", 2000));
                })));
        app.MapGet(
            "/signin/oidc",
            Handler(context => UiServer.ActionAsync(context, () => ChallengeAsync(context, oidc)))
        );
        app.MapPost("/signout", Handler(context => UiServer.ActionAsync(context, async () =>
                {
                    await ConsoleForm.ReadAsync(context);
                    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    return Results.Redirect("/runs");
                })));
    }

    /// <summary>Typed so a handler of one HttpContext is bound as a route handler (its result written), not as a
    /// bare RequestDelegate.</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;

    private static Task<string> Page(HttpContext context, OneTimeToken? token, OidcSettings? oidc)
    {
        var viewer = ConsoleViewer.Of(context);
        var back = ReturnPath(context.Request.Query["return"]);
        var page = new ConsolePage("Sign in");
        if (context.Request.Query.ContainsKey("failed"))
            page.Raw(
                "<p class=\"error\"><b>sign-in</b>: the provider's answer could not be verified (a sign-in this "
                    + "browser did not start, an expired one, or a token that did not check out); nobody was signed "
                    + "in, try again</p>"
            );
        if (viewer.User is not null)
            page.Paragraph($"You are signed in as {viewer.User}.");
        if (oidc is not null)
            page.Raw(
                $"<form method=\"get\" action=\"/signin/oidc\" class=\"action\">"
                    + $"<input type=\"hidden\" name=\"return\" value=\"{ConsolePage.Escape(back)}\">"
                    + "<label>Account (optional) <input type=\"email\" name=\"email\"></label> "
                    + $"<button type=\"submit\">Sign in with {ConsolePage.Escape(new Uri(oidc.Issuer).Host)}</button>"
                    + "</form>"
            );
        if (token is null)
            return Task.FromResult(page.Render());
        page.Raw(
            $"<form method=\"post\" action=\"/signin/token\" class=\"action\">{viewer.CsrfField}"
                + $"<input type=\"hidden\" name=\"return\" value=\"{ConsolePage.Escape(back)}\">"
                + "<label>One-time token printed by <code>mlops ui</code> "
                + "<input type=\"password\" name=\"token\" autocomplete=\"off\"></label> "
                + "<button type=\"submit\">Sign in with the token</button></form>"
        );
        if (token.IsSpent)
            page.Paragraph("The one-time token has been used; restart mlops ui for a new one.", "muted");
        return Task.FromResult(page.Render());
    }

    private static async Task<IResult> RedeemAsync(
        HttpContext context,
        OneTimeToken? token,
        string? presented,
        string? returnPath
    )
    {
        if (token is null)
            throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "token",
                "token sign-in is off: this console signs in through its OpenID Connect provider"
            );
        if (!token.TryRedeem(presented))
            throw new UiRequestException(
                StatusCodes.Status401Unauthorized,
                "token",
                token.IsSpent
                    ? "the one-time token has been used (or this one is wrong): restart mlops ui for a new one"
                    : "not the token mlops ui printed at start"
            );
        var user = new ConsoleUser(Registry.Models.RegistryOptions.DefaultActor(), [], null, "token");
        await context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme)
        );
        return Results.Redirect(ReturnPath(returnPath));
    }

    private static Task<IResult> ChallengeAsync(HttpContext context, OidcSettings? oidc)
    {
        if (oidc is null)
            throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "oidc",
                "this console was started without --oidc-issuer: sign in with the one-time token"
            );
        var properties = new AuthenticationProperties { RedirectUri = ReturnPath(context.Request.Query["return"]) };
        if (context.Request.Query["email"].ToString() is { Length: > 0 } email)
            properties.Items["login_hint"] = email;
        return Task.FromResult(Results.Challenge(properties, [ConsoleAuthentication.OidcScheme]));
    }

    /// <summary>Only a path on this console: never another site (an open redirect), a scheme-relative URL, or one
    /// a browser would read as such once it drops control characters ("/\t/evil.example") or backslashes.</summary>
    public static string ReturnPath(string? requested) =>
        requested is { Length: > 1 } path
        && path[0] == '/'
        && path[1] != '/'
        && !path.Any(c => char.IsControl(c) || c == '\\')
        && !path.Contains("://", StringComparison.Ordinal)
            ? path
            : "/runs";
}
