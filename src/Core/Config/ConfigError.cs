namespace Mlops.Core.Config;

/// <summary>One problem in a config: the key path (`optim.lr`), where it was written, and what is wrong.</summary>
public sealed record ConfigError(string KeyPath, ConfigSource Source, string Message)
{
    /// <summary>"configs/quick.yaml:12 (optim.lr)" or "command line (optim.lr)".</summary>
    public string Where => KeyPath.Length == 0 ? Source.Description : $"{Source.Description} ({KeyPath})";

    public override string ToString() => $"{Where}: {Message}";
}
