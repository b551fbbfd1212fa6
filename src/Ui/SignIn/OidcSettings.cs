namespace Mlops.Ui.SignIn;

/// <summary>
/// OpenID Connect sign-in: the provider (https://accounts.google.com in production) and this console's client.
/// The secret comes from the environment, never the command line.
/// </summary>
/// <param name="Issuer">The provider's issuer URL; its discovery document names every endpoint.</param>
/// <param name="ClientId">The OAuth client registered for this console.</param>
/// <param name="ClientSecret">The client's secret (MLOPS_UI_OIDC_CLIENT_SECRET); null for a public client.</param>
/// <param name="GroupsClaim">The ID-token claim that lists the user's groups, for access rules.</param>
public sealed record OidcSettings(string Issuer, string ClientId, string? ClientSecret, string GroupsClaim = "groups")
{
    public const string SecretVariable = "MLOPS_UI_OIDC_CLIENT_SECRET";

    /// <summary>A provider on this machine may be plain http (a test issuer); anything else must be https.</summary>
    public bool IsLoopback => Uri.TryCreate(Issuer, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
