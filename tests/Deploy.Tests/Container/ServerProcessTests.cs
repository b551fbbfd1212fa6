using System.Diagnostics;
using Mlops.Deploy.Local;

namespace Mlops.Deploy.Tests.Container;

/// <summary>Is the server we started still there? Read from /proc, including the moment its command line is blank.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public void A_blank_command_line_mid_exec_is_a_live_server_but_a_zombie_is_not()
    {
        const string running = "4242 (dotnet) R 1 4242 4242 0 -1 4194560 75 0 0 0";
        ServerProcess
            .LooksLikeLiveServer("", running)
            .Should()
            .BeTrue("setsid is exec'ing dotnet: the kernel shows no command line for a moment");
        ServerProcess
            .LooksLikeLiveServer("dotnet\0/x/mlops.dll\0serve\0--port\08080\0", running.Replace(" R ", " S "))
            .Should()
            .BeTrue();
        ServerProcess.LooksLikeLiveServer("", running.Replace(" R ", " Z ")).Should().BeFalse("a zombie has exited");
        ServerProcess.LooksLikeLiveServer("bash\0", running).Should().BeFalse("a reused process id is someone else's");
        ServerProcess.LooksLikeLiveServer("", "").Should().BeFalse("gone: /proc had nothing");
        ServerProcess
            .LooksLikeLiveServer("dotnet\0serve\0", "17 (a) b) c) S 1")
            .Should()
            .BeTrue("the name in brackets may hold ') '");
    }

    [Fact]
    public void A_real_process_reads_as_running_until_it_is_killed()
    {
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "sleep 30; :", "serve" } };
        using var process = Process.Start(start)!;
        try
        {
            ServerProcess.IsRunning(process.Id).Should().BeTrue();
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
        ServerProcess.IsRunning(process.Id).Should().BeFalse();
    }
}
