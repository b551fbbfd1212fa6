using System.Diagnostics;

namespace Mlops.Torch.Tests.Serialization;

/// <summary>
/// Runs Debian's /usr/bin/python3 (with python3-torch) as an independent reference that writes
/// fixture files at test time. Tests only; the product never runs Python.
/// </summary>
public static class PythonReference
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> in <paramref name="workingDirectory"/>; fails the test on a non-zero exit.</summary>
    public static string Run(string script, string workingDirectory)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-");
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"python reference failed ({process.ExitCode}):\n{stderr.Result}");
        return stdout;
    }
}
