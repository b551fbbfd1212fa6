namespace Mlops.Deploy.CloudRun;

/// <summary>
/// The Cloud Run client every command and the pipeline use: the endpoint given (or $MLOPS_CLOUD_RUN_ENDPOINT, else
/// Google's), and a bearer token from $MLOPS_CLOUD_RUN_TOKEN when set, else Google application default credentials.
/// </summary>
public static class CloudRunConnection
{
    public const string TokenVariable = "MLOPS_CLOUD_RUN_TOKEN";
    public const string EndpointVariable = "MLOPS_CLOUD_RUN_ENDPOINT";

    public static CloudRunClient FromEnvironment(string? endpoint, string where = "--endpoint")
    {
        var text = endpoint is { Length: > 0 } ? endpoint : Environment.GetEnvironmentVariable(EndpointVariable);
        Uri? uri = null;
        if (text is { Length: > 0 } && !Uri.TryCreate(text, UriKind.Absolute, out uri))
            throw new Core.Errors.MlopsException($"'{text}' is not an absolute URL", where);
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        return new CloudRunClient(
            c => token is { Length: > 0 } ? Task.FromResult(token) : GoogleAccessToken.GetAsync(null, c),
            uri
        );
    }
}
