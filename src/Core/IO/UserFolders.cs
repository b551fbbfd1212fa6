namespace Mlops.Core.IO;

/// <summary>
/// The per-user folders mlops keeps things in, XDG style: state that must survive (local deployments) and caches that
/// may be deleted at any time (runs downloaded from a bucket).
/// </summary>
public static class UserFolders
{
    /// <summary>$MLOPS_STATE_HOME, else $XDG_STATE_HOME/mlops, else ~/.local/state/mlops.</summary>
    public static string State() => Resolve("MLOPS_STATE_HOME", "XDG_STATE_HOME", ".local", "state");

    /// <summary>$MLOPS_CACHE_HOME, else $XDG_CACHE_HOME/mlops, else ~/.cache/mlops.</summary>
    public static string Cache() => Resolve("MLOPS_CACHE_HOME", "XDG_CACHE_HOME", ".cache");

    private static string Resolve(string ownVariable, string xdgVariable, params string[] underHome) =>
        Environment.GetEnvironmentVariable(ownVariable) is { Length: > 0 } own ? own
        : Environment.GetEnvironmentVariable(xdgVariable) is { Length: > 0 } xdg ? Path.Combine(xdg, "mlops")
        : Path.Combine([Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), .. underHome, "mlops"]);
}
