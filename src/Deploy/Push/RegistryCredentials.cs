using Google.Apis.Auth.OAuth2;

namespace Mlops.Deploy.Push;

/// <summary>A user name and password (or token) to answer a registry's Basic or Bearer challenge with.</summary>
public sealed record UserPassword(string User, string Password);

/// <summary>Where push credentials come from.</summary>
public interface IRegistryCredentials
{
    /// <summary>Null for anonymous access.</summary>
    Task<UserPassword?> GetAsync(CancellationToken cancel);
}

public sealed class AnonymousCredentials : IRegistryCredentials
{
    public Task<UserPassword?> GetAsync(CancellationToken cancel) => Task.FromResult<UserPassword?>(null);
}

public sealed class BasicCredentials(string user, string password) : IRegistryCredentials
{
    public Task<UserPassword?> GetAsync(CancellationToken cancel) =>
        Task.FromResult<UserPassword?>(new UserPassword(user, password));
}

/// <summary>
/// Artifact Registry: an OAuth access token from Google credentials is the password of the user "oauth2accesstoken".
/// </summary>
public sealed class GoogleAccessTokenCredentials(GoogleCredential? credential = null) : IRegistryCredentials
{
    public const string User = "oauth2accesstoken";

    public async Task<UserPassword?> GetAsync(CancellationToken cancel) =>
        new UserPassword(User, await GoogleAccessToken.GetAsync(credential, cancel));
}
