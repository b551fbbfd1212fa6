using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Ui.SignIn;

/// <summary>
/// The console's sessions and sign-in, on ASP.NET Core's own handlers: a cookie session (encrypted and signed by
/// Data Protection; Secure, HttpOnly, SameSite=Lax), OpenID Connect's authorization-code flow with PKCE when a
/// provider is configured, and antiforgery tokens for every form. Keys live in memory: sessions end with the process.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string SessionCookie = "mlops-session";
    public const string CsrfCookie = "mlops-csrf";
    public const string CsrfField = "csrf";
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string OidcCallback = "/signin/oidc/callback";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    public static void Add(IServiceCollection services, OidcSettings? oidc)
    {
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CsrfCookie;
            // Antiforgery refuses Always on plain http, which is how the console listens on loopback; behind TLS
            // the request is https and the cookie Secure. The session cookie below is Secure on every request.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = CsrfField;
        });
        var authentication = services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = SessionCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                // Lax, not Strict: the first page after a provider's redirect must already see the session.
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = SessionLifetime;
                options.SlidingExpiration = true;
                // The console answers "sign in first" itself, with a page naming the reason.
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
            });
        if (oidc is not null)
            authentication.AddOpenIdConnect(OidcScheme, options => Configure(options, oidc));
    }

    private static void Configure(OpenIdConnectOptions options, OidcSettings oidc)
    {
        options.Authority = oidc.Issuer;
        options.RequireHttpsMetadata = !oidc.IsLoopback;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = oidc.ClientSecret;
        options.ResponseType = "code";
        options.ResponseMode = "query";
        options.UsePkce = true;
        options.CallbackPath = OidcCallback;
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.Scope.Clear();
        foreach (var scope in new[] { "openid", "email", "profile" })
            options.Scope.Add(scope);
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            if (context.Properties.Items.TryGetValue("login_hint", out var hint) && hint is { Length: > 0 })
                context.ProtocolMessage.LoginHint = hint;
            return Task.CompletedTask;
        };
        options.Events.OnTokenValidated = context =>
        {
            context.Principal = OidcIdentity.ToUser(context.Principal!, oidc).ToPrincipal(context.Scheme.Name);
            return Task.CompletedTask;
        };
        options.Events.OnRemoteFailure = context =>
        {
            // The reason goes to the operator's log, not into a link: text in a URL would be anyone's to write.
            Console.Error.WriteLine($"sign-in refused: {context.Failure?.Message}");
            context.Response.Redirect("/signin?failed=1");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }
}
