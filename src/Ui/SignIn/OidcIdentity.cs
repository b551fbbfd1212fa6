using System.Security.Claims;
using System.Text.Json;

namespace Mlops.Ui.SignIn;

/// <summary>
/// Turns a validated ID token into the console's user: the verified email (or the subject) as the name, groups from
/// the configured claim (a JSON array or repeated claims), and the hosted domain only as the provider asserts it
/// (Google's <c>hd</c>), never guessed from an email address.
/// </summary>
internal static class OidcIdentity
{
    public static ConsoleUser ToUser(ClaimsPrincipal token, OidcSettings oidc)
    {
        var email = token.FindFirst("email")?.Value;
        var verified = string.Equals(
            token.FindFirst("email_verified")?.Value,
            "true",
            StringComparison.OrdinalIgnoreCase
        );
        var subject = token.FindFirst("sub")?.Value ?? throw new InvalidOperationException("the ID token has no sub");
        var name = email is not null && verified ? email : $"{subject}@{new Uri(oidc.Issuer).Host}";
        return new ConsoleUser(name, Groups(token, oidc.GroupsClaim), token.FindFirst("hd")?.Value, "oidc");
    }

    private static List<string> Groups(ClaimsPrincipal token, string claim) =>
        token
            .FindAll(claim)
            .SelectMany(found =>
                found.Value.StartsWith('[')
                    ? JsonSerializer.Deserialize<List<string>>(found.Value) ?? []
                    : [found.Value]
            )
            .ToList();
}
