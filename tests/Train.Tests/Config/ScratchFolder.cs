namespace Mlops.Train.Tests.Config;

/// <summary>A temporary folder for one test, removed afterwards.</summary>
public sealed class ScratchFolder : IDisposable
{
    public DirectoryInfo Info { get; } = Directory.CreateTempSubdirectory("mlops-train-tests-");

    public string Path => Info.FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Info.Delete(recursive: true);
        }
        catch (IOException)
        { /* best effort */
        }
    }
}
