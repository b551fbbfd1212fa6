using System.Globalization;

namespace Mlops.Serve.Startup;

/// <summary>
/// When this process was started, read from the kernel, so a startup timeline also counts what happens before
/// Main (loading the runtime, resolving assemblies). Null where /proc is missing (not Linux).
/// </summary>
public static class ProcessClock
{
    /// <summary>Linux's USER_HZ: /proc reports process start times in these ticks (100 on every x86-64
    /// kernel).</summary>
    private const double TicksPerSecond = 100;

    public static DateTime? StartedUtc { get; } = Read();

    private static DateTime? Read()
    {
        try
        {
            // /proc/self/stat: "pid (comm) state ..." where comm may hold spaces; field 22 is the start time in ticks
            // after boot.
            var stat = File.ReadAllText("/proc/self/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var startedAfterBoot = long.Parse(afterName[19], CultureInfo.InvariantCulture) / TicksPerSecond;
            var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
            return DateTime.UtcNow - TimeSpan.FromSeconds(uptime - startedAfterBoot);
        }
        catch (Exception error)
            when (error
                    is IOException
                        or UnauthorizedAccessException
                        or FormatException
                        or IndexOutOfRangeException
                        or ArgumentException
            )
        {
            return null;
        }
    }
}
