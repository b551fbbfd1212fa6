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

    [Fact]
    public void A_process_id_reused_by_another_process_is_neither_running_nor_stopped_as_ours()
    {
        // Even one whose command line says "serve" (vscode-server, jekyll serve...): its start time is not the one
        // recorded when our server started.
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "sleep 30; :", "serve" } };
        using var process = Process.Start(start)!;
        try
        {
            var started = ServerProcess.StartTime(process.Id);
            started.Should().NotBeNull();
            ServerProcess.IsRunning(process.Id, started).Should().BeTrue();
            ServerProcess.IsRunning(process.Id, started - 1).Should().BeFalse("another process had this id before");

            ServerProcess.Stop(process.Id, started - 1);

            process.HasExited.Should().BeFalse("stop leaves a process that is not the recorded one alone");
            ServerProcess.Stop(process.Id, started);
            process.WaitForExit(10_000).Should().BeTrue();
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    [Fact]
    public void Deployment_names_stay_valid_and_distinct_for_any_model_name()
    {
        LocalDeploymentStore.NameFor("Fashion", 8080).Should().Be("mlops-fashion-8080");
        var longA = LocalDeploymentStore.NameFor(new string('a', 100) + "-one", 8080);
        var longB = LocalDeploymentStore.NameFor(new string('a', 100) + "-two", 8080);
        longA.Length.Should().BeLessThanOrEqualTo(63);
        longA.Should().NotBe(longB, "a cut name keeps a hash of the whole");
        FluentActions.Invoking(() => LocalDeploymentStore.CheckName(longA)).Should().NotThrow();
        FluentActions
            .Invoking(() => LocalDeploymentStore.CheckName(LocalDeploymentStore.NameFor("a b/c", 1)))
            .Should()
            .NotThrow();
    }
}
