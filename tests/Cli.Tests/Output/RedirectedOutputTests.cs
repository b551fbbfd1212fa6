using Mlops.Core.Artifacts;
using Mlops.Data.Images;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Serve.Drift;

namespace Mlops.Cli.Tests.Output;

/// <summary>Output written to a file or a pipe carries no terminal escape codes, even when TERM says colours work.</summary>
public sealed class RedirectedOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-redirected-").FullName;

    [Fact]
    public void Coloured_verdicts_and_tables_reach_a_pipe_as_plain_text()
    {
        var reference = Path.Combine(_folder, "reference.jsonl");
        var current = Path.Combine(_folder, "current.jsonl");
        DriftFiles.Write(reference, Records(mean: 0.3));
        DriftFiles.Write(current, Records(mean: 0.8));

        var drift = Mlops([
            "drift",
            "--reference",
            reference,
            "--current",
            current,
            "--report",
            Path.Combine(_folder, "r.html"),
        ]);

        drift.ExitCode.Should().Be(1, drift.Error);
        drift.Output.Should().Contain("drift detected").And.Contain("predicted class");
        drift.Output.Should().NotContain("\u001b", "[red]drift[/] must not become ESC[38;5;9m in a file");
    }

    [Fact]
    public void Bold_registry_names_reach_a_pipe_as_plain_text()
    {
        var run = Path.Combine(_folder, "run");
        Directory.CreateDirectory(run);
        File.WriteAllBytes(Path.Combine(run, "model.onnx"), new byte[512]);
        File.WriteAllText(Path.Combine(run, "evaluation.json"), """{"accuracy": 0.9}""");

        var push = Mlops([
            "registry",
            "push",
            run,
            "--model",
            "fashion",
            "--registry",
            "file://" + Path.Combine(_folder, "bucket"),
        ]);

        push.ExitCode.Should().Be(0, push.Error);
        push.Output.Should()
            .Contain("pushed fashion:1")
            .And.NotContain("\u001b", "markup [bold] must not become ESC[1m");
    }

    private static IEnumerable<DriftRecord> Records(double mean) =>
        Enumerable
            .Range(0, 200)
            .Select(i => new DriftRecord
            {
                Time = DateTimeOffset.UnixEpoch.AddSeconds(i),
                Model = "fashion",
                Version = "1",
                Mean = mean + (i % 10) * 0.01,
                Std = 0.2,
                Entropy = 4,
                EdgeDensity = 0.1,
                Prediction = i % 3,
                Label = $"c{i % 3}",
                Confidence = 0.9,
            });

    private static ProcessRunner.Result Mlops(string[] args)
    {
        var environment = new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor" };
        return ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. args],
            timeout: TimeSpan.FromSeconds(60),
            environment: environment
        );
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
