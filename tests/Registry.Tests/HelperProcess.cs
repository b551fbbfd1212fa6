using System.Diagnostics;

namespace Mlops.Registry.Tests;

/// <summary>
/// Starts this test assembly as a separate process running <see cref="HelperProgram"/>; arguments starting with "cli"
/// start the real `mlops` instead (the CLI project's build, referenced for build order only), as a user runs it.
/// </summary>
public static class HelperProcess
{
    /// <summary>mlops.dll beside this assembly's output: artifacts/bin/Mlops.Cli/&lt;configuration&gt;/.</summary>
    private static string MlopsDll
    {
        get
        {
            var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(own.Parent!.Parent!.FullName, "Mlops.Cli", own.Name, "mlops.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("the mlops CLI is not built", dll);
        }
    }

    public static Process Start(params string[] args) => Start(_ => { }, args);

    /// <param name="configure">sets the working folder or environment the helper runs with</param>
    public static Process Start(Action<ProcessStartInfo> configure, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var cli = args.Length > 0 && args[0] == "cli";
        info.ArgumentList.Add(cli ? MlopsDll : typeof(HelperProgram).Assembly.Location);
        foreach (var arg in cli ? args[1..] : args)
            info.ArgumentList.Add(arg);
        configure(info);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the helper process");
    }

    public static async Task<string> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"helper {string.Join(' ', args)} exited {process.ExitCode}: {await error}"
            );
        return (await output).Trim();
    }
}
