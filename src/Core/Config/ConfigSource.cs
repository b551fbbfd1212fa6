namespace Mlops.Core.Config;

/// <summary>Where a config value came from: a file and line, the command line, or the schema's default.</summary>
public sealed record ConfigSource
{
    private ConfigSource(string? file, int line, string description)
    {
        File = file;
        Line = line;
        Description = description;
    }

    public static ConfigSource Default { get; } = new(null, 0, "default");

    public static ConfigSource CommandLine { get; } = new(null, 0, "command line");

    public static ConfigSource InFile(string file, int line) => new(file, line, line > 0 ? $"{file}:{line}" : file);

    /// <summary>The file the value was read from; null for the command line and defaults.</summary>
    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>; 0 when there is no file.</summary>
    public int Line { get; }

    /// <summary>"configs/quick.yaml:12", "command line" or "default".</summary>
    public string Description { get; }

    public override string ToString() => Description;
}
