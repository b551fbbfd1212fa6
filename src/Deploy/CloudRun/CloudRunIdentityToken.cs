using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Mlops.Core.Errors;

namespace Mlops.Deploy.CloudRun;

/// <summary>
/// The identity token a Cloud Run service that is not public asks its callers for (OIDC, audience = the service URL):
/// $MLOPS_CLOUD_RUN_ID_TOKEN when set (e.g. `gcloud auth print-identity-token` on a workstation), else minted from
/// Google credentials — the given ones or application default credentials (a service-account key, the metadata server
/// on Google Cloud). A gcloud user login cannot mint one for another audience, hence the variable.
/// </summary>
public static class CloudRunIdentityToken
{
    public const string Variable = "MLOPS_CLOUD_RUN_ID_TOKEN";

    public static async Task<string> GetAsync(string serviceUrl, GoogleCredential? credential, CancellationToken cancel)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            return given;
        try
        {
            var source = credential ?? await GoogleCredential.GetApplicationDefaultAsync(cancel);
            var token = await source.GetOidcTokenAsync(OidcTokenOptions.FromTargetAudience(serviceUrl), cancel);
            return await token.GetAccessTokenAsync(cancel);
        }
        catch (Exception error)
            when (error
                    is InvalidOperationException
                        or NotSupportedException
                        or TokenResponseException
                        or HttpRequestException
            )
        {
            throw new MlopsException(
                $"the service asks for an identity token and Google credentials could not make one ({error.Message}); "
                    + $"set {Variable}, e.g. to $(gcloud auth print-identity-token)",
                serviceUrl
            );
        }
    }
}
