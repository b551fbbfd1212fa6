using System.Diagnostics;

namespace Mlops.Registry.Tests;

/// <summary>
/// firebase-tools' Storage emulator on a free loopback port (installed by scripts/steps/test-gcs-emulator.sh),
/// started by gcs-emulator.js and stopped with the fixture.
/// </summary>
public sealed class GcsEmulator : IDisposable
{
    private readonly Process _process;
    private readonly string _scratch = Path.Combine(
        Path.GetTempPath(),
        "mlops-gcs-emulator",
        Guid.NewGuid().ToString("N")
    );

    public GcsEmulator()
    {
        var repo = RepoRoot();
        var tools = Path.Combine(repo, ".deps", "firebase-tools");
        if (!File.Exists(Path.Combine(tools, "node_modules", "firebase-tools", "package.json")))
            throw new InvalidOperationException(
                $"the GCS emulator is not installed in {tools}: run scripts/steps/test-gcs-emulator.sh (./test.sh does)"
            );
        Directory.CreateDirectory(_scratch);
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gcs-emulator.js"));
        info.ArgumentList.Add(tools);
        info.Environment["TMPDIR"] = _scratch; // its blob persistence folder, one per instance
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result is not { } line || !line.StartsWith("READY "))
        {
            Kill();
            throw new InvalidOperationException(
                $"the GCS emulator did not start: {_process.StandardError.ReadToEnd()}"
            );
        }
        Host = $"127.0.0.1:{line["READY ".Length..].Trim()}";
    }

    /// <summary>What STORAGE_EMULATOR_HOST would hold.</summary>
    public string Host { get; }

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException) { }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One emulator shared by the GCS test classes that only read and write their own buckets.</summary>
[CollectionDefinition(Name)]
public sealed class GcsEmulatorCollection : ICollectionFixture<GcsEmulator>
{
    public const string Name = "gcs emulator";
}
