using Mlops.Core.Errors;

namespace Mlops.Deploy.Push;

/// <summary>How `mlops deploy build --push` and the pipeline's push stage log in to a container registry.</summary>
public static class PushCredentials
{
    public const string UserVariable = "MLOPS_REGISTRY_USER";
    public const string PasswordVariable = "MLOPS_REGISTRY_PASSWORD";

    /// <summary>Basic (or token) auth when a user is given, Google credentials for Artifact Registry or when asked,
    /// else anonymous.</summary>
    public static IRegistryCredentials For(
        ImageReference target,
        string? user,
        string? password,
        bool google,
        string where = "--registry-password"
    )
    {
        if (user is not null)
            return new BasicCredentials(
                user,
                password
                    ?? throw new MlopsException($"a registry user needs a password (or ${PasswordVariable})", where)
            );
        if (google || target.IsArtifactRegistry)
            return new GoogleAccessTokenCredentials();
        return new AnonymousCredentials();
    }

    /// <summary>From $MLOPS_REGISTRY_USER / $MLOPS_REGISTRY_PASSWORD (the pipeline has no secrets in its
    /// config).</summary>
    public static IRegistryCredentials FromEnvironment(ImageReference target) =>
        For(
            target,
            Environment.GetEnvironmentVariable(UserVariable) is { Length: > 0 } user ? user : null,
            Environment.GetEnvironmentVariable(PasswordVariable),
            google: false,
            where: PasswordVariable
        );
}
