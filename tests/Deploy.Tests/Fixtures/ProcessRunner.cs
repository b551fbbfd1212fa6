using System.Diagnostics;

namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>Runs a tool to completion and returns its exit code and output.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(
        string program,
        IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null
    )
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static string RunOrThrow(
        string program,
        IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null
    )
    {
        var result = Run(program, arguments, environment, timeout);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed ({result.ExitCode}): {result.Error}{result.Output}");
        return result.Output;
    }

    /// <summary>
    /// A loopback port free now, for a server another process will bind (podman, a host process). Drawn below the
    /// kernel's ephemeral range (32768-60999): a port the kernel hands out for port 0 can go to any client's outgoing
    /// connection before the server binds it (seen: podman's "address already in use").
    /// </summary>
    public static int FreeLoopbackPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException) { } // taken: draw another
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }
}
