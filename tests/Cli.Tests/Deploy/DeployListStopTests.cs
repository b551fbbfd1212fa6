using System.Diagnostics;
using Mlops.Deploy.Local;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.Deploy;

/// <summary>`mlops deploy list` and `mlops deploy stop` as the user types them, on a recorded server process.</summary>
public sealed class DeployListStopTests : IDisposable
{
    private readonly TempDirectory _state = new("mlops-deploy-verbs");
    private readonly Process _server;

    public DeployListStopTests()
    {
        // A process whose command line says "serve" is what ServerProcess recognises as ours.
        _server = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "sleep 120; :", "serve" } })!;
        new LocalDeploymentStore(Path.Combine(_state.Path, "deployments")).Save(
            new LocalDeployment(
                "mlops-fashion-8123",
                LocalRunnerKind.Process,
                "http://127.0.0.1:8123",
                8123,
                "fashion:4",
                DateTimeOffset.UtcNow,
                ProcessId: _server.Id,
                LogFile: _state.Combine("server.log"),
                ProcessStartTime: ServerProcess.StartTime(_server.Id)
            )
        );
    }

    [Fact]
    public void List_shows_the_running_server_and_stop_ends_it_and_forgets_it()
    {
        var list = Mlops(["deploy", "list"]);
        list.ExitCode.Should().Be(0, list.Error);
        list.Output.Should()
            .Contain("mlops-fashion-8123")
            .And.Contain("running")
            .And.Contain("fashion:4")
            .And.Contain("http://127.0.0.1:8123")
            .And.Contain($"process {_server.Id}");

        var stop = Mlops(["deploy", "stop", "mlops-fashion-8123"]);
        stop.ExitCode.Should().Be(0, stop.Error);
        stop.Output.Should().Contain($"stopped mlops-fashion-8123 (server process {_server.Id}");
        _server.WaitForExit(10_000).Should().BeTrue("deploy stop ends the process");

        Mlops(["deploy", "list"]).Output.Should().Contain("no local deployments");
        var json = Mlops(["deploy", "list", "--json"]);
        json.Output.Trim().Should().Be("[]");
    }

    [Fact]
    public void Stop_without_a_name_or_with_an_unknown_one_says_what_to_give_and_stops_nothing()
    {
        var bare = Mlops(["deploy", "stop"]);
        bare.ExitCode.Should().NotBe(0);
        bare.Error.Should().Contain("name the deployment to stop, or give --all");

        var unknown = Mlops(["deploy", "stop", "mlops-fashion-9999"]);
        unknown.ExitCode.Should().NotBe(0);
        unknown
            .Error.Should()
            .Contain("no local deployment named 'mlops-fashion-9999'")
            .And.Contain("known: mlops-fashion-8123");

        _server.HasExited.Should().BeFalse();
        Mlops(["deploy", "list", "--json"]).Output.Should().Contain("\"state\": \"running\"");
        var all = Mlops(["deploy", "stop", "--all"]);
        all.Output.Should().Contain("stopped mlops-fashion-8123");
        _server.WaitForExit(10_000).Should().BeTrue();
    }

    private ProcessRunner.Result Mlops(string[] args) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. args],
            timeout: TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string> { ["MLOPS_STATE_HOME"] = _state.Path }
        );

    public void Dispose()
    {
        if (!_server.HasExited)
            _server.Kill();
        _server.Dispose();
        _state.Dispose();
    }
}
