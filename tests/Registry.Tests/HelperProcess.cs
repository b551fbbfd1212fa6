using System.Diagnostics;

namespace Mlops.Registry.Tests;

/// <summary>Starts this test assembly as a separate process running <see cref="HelperProgram"/>.</summary>
public static class HelperProcess
{
    public static Process Start(params string[] args) => Start(_ => { }, args);

    /// <param name="configure">sets the working folder or environment the helper runs with</param>
    public static Process Start(Action<ProcessStartInfo> configure, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(HelperProgram).Assembly.Location);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        configure(info);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the helper process");
    }

    public static async Task<string> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0) throw new InvalidOperationException($"helper {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }
}
