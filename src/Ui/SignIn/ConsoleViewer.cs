using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Ui.Pages;

namespace Mlops.Ui.SignIn;

/// <summary>Who is looking at a page (null when signed out) and the CSRF field its forms carry.</summary>
internal sealed record ConsoleViewer(ConsoleUser? User, string CsrfField)
{
    public static ConsoleViewer Of(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var field =
            $"<input type=\"hidden\" name=\"{ConsoleAuthentication.CsrfField}\" "
            + $"value=\"{ConsolePage.Escape(tokens.RequestToken!)}\">";
        return new ConsoleViewer(ConsoleUser.From(context.User), field);
    }

    /// <summary>The navigation's right-hand end: who is signed in and a sign-out button, or a sign-in link.</summary>
    public string SignInBar(string returnPath) =>
        User is null
            ? $"<span class=\"who\">{ConsolePage.Link(SignInPath(returnPath), "Sign in")}</span>"
            : $"<span class=\"who\">signed in as <b>{ConsolePage.Escape(User.Name)}</b> "
                + $"<form method=\"post\" action=\"/signout\" class=\"inline\">{CsrfField}"
                + "<button type=\"submit\">Sign out</button></form></span>";

    public static string SignInPath(string returnPath) => $"/signin?return={Uri.EscapeDataString(returnPath)}";
}
