using System.Security.Claims;

namespace Mlops.Ui.SignIn;

/// <summary>
/// Who is signed in to the console: the name the registry history records as the actor, the groups and the
/// verified hosted domain access rules can name, and how they signed in. Kept in the session cookie as claims.
/// </summary>
public sealed record ConsoleUser(string Name, IReadOnlyList<string> Groups, string? Domain, string Method)
{
    private const string GroupClaim = "mlops:group";
    private const string DomainClaim = "mlops:domain";
    private const string MethodClaim = "mlops:signin";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Name), new(MethodClaim, Method) };
        claims.AddRange(Groups.Select(group => new Claim(GroupClaim, group)));
        if (Domain is not null)
            claims.Add(new Claim(DomainClaim, Domain));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The signed-in user of a request, or null when it is anonymous.</summary>
    public static ConsoleUser? From(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? new ConsoleUser(
                name,
                principal.FindAll(GroupClaim).Select(claim => claim.Value).ToList(),
                principal.FindFirst(DomainClaim)?.Value,
                principal.FindFirst(MethodClaim)?.Value ?? "unknown"
            )
            : null;

    public override string ToString() => Groups.Count == 0 ? Name : $"{Name} (groups: {string.Join(", ", Groups)})";
}
