using System.Diagnostics;
using System.Globalization;
using Mlops.Core.Errors;

namespace Mlops.Cli.Pipeline;

/// <summary>
/// The model server started as its own process (`mlops serve`), detached from the pipeline so it keeps
/// serving after the command ends; its output goes to a log file and it is stopped by its process id.
/// </summary>
public static class ServerProcess
{
    /// <summary>Starts `mlops serve` with <paramref name="serveArguments"/> in a new session; returns its process
    /// id.</summary>
    public static int Start(IReadOnlyList<string> serveArguments, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var mlops = typeof(ServerProcess).Assembly.Location;
        // sh puts it in the background with its own session and no tie to our terminal or pipes; $! is its pid.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (
            var argument in new[]
            {
                "-c",
                "setsid \"$@\" > \"$0\" 2>&1 < /dev/null & echo $!",
                logFile,
                "dotnet",
                mlops,
                "serve",
            }.Concat(serveArguments)
        )
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var shell = Process.Start(start) ?? throw new MlopsException("could not start /bin/sh", "deploy");
        var pid = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        return int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new MlopsException($"the server did not start (shell said '{pid}')", logFile);
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && LooksLikeLiveServer(ReadProc(pid, "cmdline"), ReadProc(pid, "stat"));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a process's /proc command line and stat line say it is a live `mlops serve`. While setsid execs dotnet,
    /// the kernel shows an empty command line for a moment (seen in 12 of 40 starts): still ours, not an exit, which
    /// made a just-started server look dead. A zombie (state Z) shows an empty one too, and has exited.
    /// </summary>
    public static bool LooksLikeLiveServer(string commandLine, string stat)
    {
        var afterName = stat.LastIndexOf(") ", StringComparison.Ordinal);
        if (afterName < 0 || afterName + 2 >= stat.Length || stat[afterName + 2] is 'Z' or 'X' or 'x')
            return false;
        return commandLine.Length == 0 || commandLine.Contains("serve", StringComparison.Ordinal);
    }

    private static string ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // gone since
        }
    }

    /// <summary>Stops a server this pipeline started (checked by its command line), waiting for it to go.</summary>
    public static void Stop(int pid)
    {
        if (!IsRunning(pid))
            return;
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit(10_000);
    }

    /// <summary>
    /// Waits until nothing listens on the loopback <paramref name="port"/>: a stopped container's port forwarder lets
    /// go
    /// of it a moment after `podman rm` returns, and a server started before then exits at once on "address in use".
    /// </summary>
    public static async Task WaitPortFreeAsync(int port, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellation);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new MlopsException(
                    $"port {port} is still in use after {timeout.TotalSeconds:0} s ({e.Message})",
                    "deploy.port"
                );
            }
        }
    }

    /// <summary>Polls GET {url}/ready until it answers 200; fails early, with the log's tail, if the process
    /// ends.</summary>
    public static Task WaitReadyAsync(
        string url,
        int pid,
        string logFile,
        TimeSpan timeout,
        CancellationToken cancellation
    ) => WaitReadyAsync(url, () => IsRunning(pid), () => Tail(logFile), "the server", logFile, timeout, cancellation);

    /// <summary>Polls GET {url}/ready until it answers 200; fails early, with <paramref name="logTail"/>, once
    /// <paramref name="isAlive"/> says it ended.</summary>
    public static async Task WaitReadyAsync(
        string url,
        Func<bool> isAlive,
        Func<string> logTail,
        string what,
        string where,
        TimeSpan timeout,
        CancellationToken cancellation
    )
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await IsReadyAsync(http, url, cancellation))
                return;
            if (!isAlive())
                throw new MlopsException($"{what} exited before it was ready:\n{logTail()}", where);
            await Task.Delay(250, cancellation);
        }
        throw new MlopsException(
            $"{what} was not ready within {timeout.TotalSeconds:F0} s:\n{logTail()}",
            $"{url}/ready"
        );
    }

    public static async Task<bool> IsReadyAsync(HttpClient http, string url, CancellationToken cancellation)
    {
        try
        {
            using var response = await http.GetAsync($"{url}/ready", cancellation);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return false; // that one request timed out
        }
    }

    private static string Tail(string logFile) =>
        File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(15)) : "(no log)";
}
