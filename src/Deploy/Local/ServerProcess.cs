using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Local;

/// <summary>
/// The model server started as its own process (`mlops serve`), detached from the command that started it so it keeps
/// serving after that ends; its output goes to a log file and it is stopped by its process id.
/// </summary>
public static partial class ServerProcess
{
    /// <summary>
    /// Starts <paramref name="command"/> (program, then arguments; e.g. `dotnet mlops.dll serve …`) in a new session;
    /// returns its process id.
    /// </summary>
    public static int Start(IReadOnlyList<string> command, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        // sh puts it in the background with its own session and no tie to our terminal or pipes; $! is its pid.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "setsid \"$@\" > \"$0\" 2>&1 < /dev/null & echo $!", logFile })
            start.ArgumentList.Add(argument);
        foreach (var argument in command)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var shell = Process.Start(start) ?? throw new MlopsException("could not start /bin/sh", "deploy");
        var pid = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        return int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new MlopsException($"the server did not start (shell said '{pid}')", logFile);
    }

    /// <param name="startTime">The process's start time as recorded when it was started (<see cref="StartTime"/>):
    /// a process id reused by another process since (after a reboot, say) then reads as not running.</param>
    public static bool IsRunning(int pid, long? startTime = null)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            var stat = ReadProc(pid, "stat");
            return !process.HasExited
                && (startTime is null || StartTimeOf(stat) == startTime)
                && LooksLikeLiveServer(ReadProc(pid, "cmdline"), stat);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>When the process started (clock ticks since boot, field 22 of /proc/&lt;pid&gt;/stat); with the id
    /// it names one process for good. Null when it is gone.</summary>
    public static long? StartTime(int pid) => StartTimeOf(ReadProc(pid, "stat"));

    private static long? StartTimeOf(string stat)
    {
        var afterName = stat.LastIndexOf(") ", StringComparison.Ordinal);
        if (afterName < 0)
            return null;
        // Fields from the third (state) on; the start time is the 22nd field.
        var fields = stat[(afterName + 2)..].Split(' ');
        return
            fields.Length > 19
            && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
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

    /// <summary>
    /// Stops a server started here (checked by its command line): SIGTERM first, so ASP.NET drains requests and the
    /// drift log is flushed, then SIGKILL if it is still there after <paramref name="grace"/>.
    /// </summary>
    public static void Stop(int pid, long? startTime = null, TimeSpan? grace = null)
    {
        if (!IsRunning(pid, startTime))
            return;
        try
        {
            using var process = Process.GetProcessById(pid);
            if (Kill(pid, SigTerm) == 0 && process.WaitForExit(grace ?? TimeSpan.FromSeconds(10)))
                return;
            process.Kill();
            process.WaitForExit(10_000);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // gone in the meantime: stopped is what was asked
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MlopsException($"could not stop process {pid}: {e.Message}", "deploy stop");
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>The last lines the server wrote.</summary>
    public static string Tail(string logFile) =>
        File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(15)) : "(no log)";
}
