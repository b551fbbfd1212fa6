namespace Mlops.Cli.Commands;

/// <summary>A temporary folder for one command (pulled model files), removed when the command ends.</summary>
public sealed class DeployScratchFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlops-{Guid.NewGuid():N}");

    public DeployScratchFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
    }
}
