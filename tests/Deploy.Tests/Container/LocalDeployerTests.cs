using System.Diagnostics;
using System.Net.Http.Headers;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Local;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Container;

/// <summary>
/// Local deployments (what `mlops deploy list|stop` and the pipeline's deploy stage use): the real server as a host
/// process and the real image under podman, recorded, found again, replaced and stopped.
/// </summary>
public sealed class LocalDeployerTests : IDisposable
{
    private readonly TempDirectory _work = new("ld", shortName: true);
    private readonly LocalDeployer _deployer;

    public LocalDeployerTests() => _deployer = new LocalDeployer(new LocalDeploymentStore(_work.Combine("state")));

    [Fact]
    public async Task A_process_and_a_container_are_listed_running_then_stopped_by_name_and_by_all()
    {
        PodmanEngine.IsAvailable().Should().BeTrue("podman and runc are test packages (scripts/apt-test.txt)");
        var model = BandModel.Write(_work);
        var image = ImageBuilder.Build(
            new BlobStore(_work.Combine("layout")),
            new ImageRequest(
                ServePublish.Directory,
                model.ModelFile,
                TestImages.Card("1"),
                new ImageMetadata("bands", "1")
            )
        );
        var archive = _work.Combine("image.oci.tar");
        OciArchive.Write(image, archive, "bands-1");
        try
        {
            var process = await StartProcessAsync("bands-process", model);
            var container = await _deployer.StartContainerAsync(
                new LocalContainerRequest(
                    "bands-podman",
                    ProcessRunner.FreeLoopbackPort(),
                    "bands:1",
                    TimeSpan.FromSeconds(90),
                    archive,
                    _work.Combine("layout"),
                    _work.Combine("podman")
                ),
                CancellationToken.None
            );
            await PredictsAsync(process.Url, model);
            await PredictsAsync(container.Url, model);

            var (listed, unreadable) = _deployer.List();
            unreadable.Should().BeEmpty();
            listed
                .Select(s => (s.Deployment.Name, s.Deployment.Runner, s.Running))
                .Should()
                .Equal(
                    ("bands-podman", LocalRunnerKind.Podman, true),
                    ("bands-process", LocalRunnerKind.Process, true)
                );
            listed[0].Deployment.Container.Should().NotBeNullOrEmpty();
            listed[1].Deployment.ProcessId.Should().Be(process.ProcessId);

            _deployer.Stop("bands-process").ProcessId.Should().Be(process.ProcessId);
            ServerProcess.IsRunning(process.ProcessId!.Value).Should().BeFalse("stop ends the server process");
            _deployer.List().Deployments.Select(s => s.Deployment.Name).Should().Equal(["bands-podman"]);

            _deployer.StopAll().Select(d => d.Name).Should().Equal(["bands-podman"]);
            new PodmanEngine(_work.Combine("podman")).IsRunning(container.Container!).Should().BeFalse();
            _deployer.List().Deployments.Should().BeEmpty();
        }
        finally
        {
            _deployer.StopAll();
            ProcessRunner.Run(
                "podman",
                [.. new PodmanEngine(_work.Combine("podman")).GlobalArguments, "system", "reset", "--force"],
                new Dictionary<string, string> { ["CONTAINERS_CONF"] = _work.Combine("podman", "containers.conf") }
            );
        }
    }

    [Fact]
    public async Task Starting_a_name_again_replaces_the_first_server_and_a_deployment_that_died_reads_as_exited()
    {
        var model = BandModel.Write(_work);
        var first = await StartProcessAsync("bands", model);
        var second = await StartProcessAsync("bands", model);
        try
        {
            ServerProcess.IsRunning(first.ProcessId!.Value).Should().BeFalse("the first one was replaced");
            second.ProcessId.Should().NotBe(first.ProcessId);
            _deployer.List().Deployments.Single().Should().Match<LocalDeploymentStatus>(s => s.Running);

            using (var server = Process.GetProcessById(second.ProcessId!.Value))
            {
                server.Kill();
                server.WaitForExit(10_000);
            }
            _deployer.List().Deployments.Single().Running.Should().BeFalse("its process is gone");
            _deployer.Stop("bands").Name.Should().Be("bands", "an exited deployment is still forgotten by stop");
            _deployer.List().Deployments.Should().BeEmpty();
        }
        finally
        {
            _deployer.StopAll();
        }
    }

    [Fact]
    public async Task A_server_that_exits_or_never_gets_ready_is_an_error_with_its_log_and_leaves_nothing_running()
    {
        var exits = () => StartProcessAsync("exits", ["--bogus"], TimeSpan.FromSeconds(60));
        (await exits.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should()
            .Contain("exited before it was ready")
            .And.Contain("unknown argument '--bogus'");

        var stuck = () =>
            StartProcessAsync("stuck", ["--model", "bands=/nonexistent/model.onnx"], TimeSpan.FromSeconds(4));
        (await stuck.Should().ThrowAsync<MlopsException>())
            .Which.Message.Should()
            .Contain("was not ready within 4 s")
            .And.Contain("/nonexistent/model.onnx: model file not found");

        _deployer.List().Deployments.Should().BeEmpty("a failed start is stopped and forgotten");
        Process
            .GetProcesses()
            .Where(p => p.ProcessName == "mlops-serve" && CommandLine(p).Contains(_work.Path))
            .Should()
            .BeEmpty();
    }

    [Fact]
    public void Unknown_names_bad_names_and_broken_records_are_clear_errors_that_touch_nothing()
    {
        var store = _deployer.Store;
        store.Save(
            new LocalDeployment(
                "kept",
                LocalRunnerKind.Process,
                "http://127.0.0.1:1",
                1,
                "m:1",
                DateTimeOffset.UnixEpoch,
                ProcessId: int.MaxValue
            )
        );
        Directory.CreateDirectory(store.Folder);
        File.WriteAllText(Path.Combine(store.Folder, "torn.json"), """{"name": "torn", "runner": "pod""");
        File.WriteAllText(Path.Combine(store.Folder, "empty.json"), """{"name": "empty"}""");

        var unknown = () => _deployer.Stop("nope");
        unknown.Should().Throw<MlopsException>().Which.Message.Should().Contain("'nope'").And.Contain("known: kept");
        var bad = () => _deployer.Stop("../etc/passwd");
        bad.Should().Throw<MlopsException>().Which.Message.Should().Contain("not a deployment name");

        var (listed, unreadable) = _deployer.List();
        listed.Select(s => (s.Deployment.Name, s.Running)).Should().Equal([("kept", false)]);
        unreadable.Select(Path.GetFileName).Should().Equal(["empty.json", "torn.json"]);
        var torn = () => _deployer.Stop("torn");
        torn.Should().Throw<MlopsException>().Which.Where.Should().EndWith("torn.json");
        File.Exists(Path.Combine(store.Folder, "torn.json")).Should().BeTrue("a record we cannot read is not deleted");
    }

    private Task<LocalDeployment> StartProcessAsync(string name, BandModel model) =>
        StartProcessAsync(name, ["--model", $"bands={model.ModelFile}"], TimeSpan.FromSeconds(60));

    private Task<LocalDeployment> StartProcessAsync(string name, string[] serverArguments, TimeSpan readyTimeout)
    {
        var port = ProcessRunner.FreeLoopbackPort();
        return _deployer.StartProcessAsync(
            new LocalProcessRequest(
                name,
                port,
                "bands:1",
                readyTimeout,
                [
                    "/usr/bin/env",
                    $"PORT={port}",
                    Path.Combine(ServePublish.Directory, RuntimeLayer.ServerExecutable),
                    .. serverArguments,
                    "--drift-log",
                    _work.Combine($"{name}-drift.jsonl"),
                ],
                _work.Combine($"{name}.log")
            ),
            CancellationToken.None
        );
    }

    private static string CommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task PredictsAsync(string url, BandModel model)
    {
        using var http = new HttpClient();
        var content = new ByteArrayContent(model.Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await http.PostAsync($"{url}/v1/models/bands/predict", content);
        (await response.Content.ReadAsStringAsync()).Should().Contain(model.ExpectedLabel);
    }

    public void Dispose() => _work.Dispose();
}
