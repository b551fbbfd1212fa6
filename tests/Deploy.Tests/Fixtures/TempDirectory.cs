namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>A scratch directory removed with the test.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <param name="shortName">A short path (podman refuses a runroot longer than 50 characters).</param>
    public TempDirectory(string prefix = "mlops-deploy-test", bool shortName = false)
    {
        var unique = Guid.NewGuid().ToString("N");
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{(shortName ? unique[..8] : unique)}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
