using Google.Apis.Auth.OAuth2;
using Mlops.Core.Errors;

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
    public Task<UserPassword?> GetAsync(CancellationToken cancel) => Task.FromResult<UserPassword?>(new UserPassword(user, password));
}

/// <summary>
/// Artifact Registry: an OAuth access token from Google credentials (application default credentials,
/// or a service-account key file) is the password of the user "oauth2accesstoken".
/// </summary>
public sealed class GoogleAccessTokenCredentials(GoogleCredential? credential = null) : IRegistryCredentials
{
    public const string User = "oauth2accesstoken";
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    public async Task<UserPassword?> GetAsync(CancellationToken cancel)
    {
        try
        {
            var source = (credential ?? await GoogleCredential.GetApplicationDefaultAsync(cancel)).CreateScoped(CloudPlatformScope);
            var token = await ((ITokenAccess)source).GetAccessTokenForRequestAsync(cancellationToken: cancel);
            return new UserPassword(User, token);
        }
        catch (InvalidOperationException error)
        {
            throw new MlopsException($"no Google credentials for Artifact Registry: {error.Message}", "GOOGLE_APPLICATION_CREDENTIALS");
        }
    }
}
