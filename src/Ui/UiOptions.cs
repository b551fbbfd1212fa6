using Mlops.Ui.Access;
using Mlops.Ui.Releases;
using Mlops.Ui.SignIn;

namespace Mlops.Ui;

/// <summary>What `mlops ui` serves and where, and who may change anything.</summary>
/// <param name="Runs">The run store: a folder, file://folder or gs://bucket/prefix.</param>
/// <param name="Url">Where to listen; loopback by default, so nothing is exposed until asked.</param>
/// <param name="Registry">The model registry: file://folder or gs://bucket/prefix; null = no registry pages.</param>
public sealed record UiOptions(string Runs, string Url = "http://127.0.0.1:5000", string? Registry = null)
{
    /// <summary>The token printed at start; a new random one when not given.</summary>
    public OneTimeToken Token { get; init; } = OneTimeToken.Create();

    /// <summary>Whether the one-time token signs anyone in; `mlops ui` turns it off with OIDC, so a token in a log
    /// (Cloud Run keeps stdout) opens nothing.</summary>
    public bool TokenSignIn { get; init; } = true;

    /// <summary>Sign-in through an OpenID Connect provider; null = the one-time token only.</summary>
    public OidcSettings? Oidc { get; init; }

    /// <summary>The Cloud Run services the releases page follows; null = none.</summary>
    public ReleaseTargets? Releases { get; init; }

    /// <summary>Where servers ship their drift logs (`mlops serve --drift-upload`): file://… or gs://…; null = no
    /// drift on the releases page.</summary>
    public string? DriftLogs { get; init; }

    /// <summary>Behind a TLS-terminating proxy (Cloud Run, a load balancer): its X-Forwarded-Proto and -Host are
    /// believed, so sign-in redirects and cookies are those of the https address users see.</summary>
    public bool BehindProxy { get; init; }

    /// <summary>Who may move which alias (`--access`); by default anyone signed in.</summary>
    public AccessPolicy Access { get; init; } = AccessPolicy.AnyoneSignedIn;
}
