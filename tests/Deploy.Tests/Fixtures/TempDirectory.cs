namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>A scratch directory removed with the test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "mlops-deploy-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
