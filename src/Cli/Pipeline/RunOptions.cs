namespace Mlops.Cli.Pipeline;

/// <summary>`--force`, `--only stage`, `--until stage`.</summary>
public sealed record RunOptions(bool Force = false, string? Only = null, string? Until = null);
