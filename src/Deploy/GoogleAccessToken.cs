using Google.Apis.Auth.OAuth2;
using Mlops.Core.Errors;

namespace Mlops.Deploy;

/// <summary>
/// An OAuth access token (cloud-platform scope) from Google credentials: the given ones, else
/// application default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud login, metadata server).
/// </summary>
public static class GoogleAccessToken
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    public static async Task<string> GetAsync(GoogleCredential? credential, CancellationToken cancel)
    {
        try
        {
            var source = (credential ?? await GoogleCredential.GetApplicationDefaultAsync(cancel)).CreateScoped(
                CloudPlatformScope
            );
            return await ((ITokenAccess)source).GetAccessTokenForRequestAsync(cancellationToken: cancel);
        }
        catch (InvalidOperationException error)
        {
            throw new MlopsException(
                $"no usable Google credentials: {error.Message}",
                "GOOGLE_APPLICATION_CREDENTIALS"
            );
        }
    }
}
