using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.Registry;

/// <summary>`mlops registry show` says whether a version serves int8 or fp32 and why, from its quantize.json
/// (issue 24, item 6).</summary>
public sealed class RegistryShowChoiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-registry-show-").FullName;

    [Fact]
    public void Show_states_the_serving_choice_and_its_reason()
    {
        var run = Path.Combine(_folder, "run");
        Directory.CreateDirectory(run);
        File.WriteAllBytes(Path.Combine(run, "model.onnx"), new byte[512]);
        File.WriteAllBytes(Path.Combine(run, "model.int8.onnx"), new byte[128]);
        File.WriteAllText(Path.Combine(run, "evaluation.json"), """{"accuracy": 0.9}""");
        const string choice =
            "fp32: the gate passed (0.1 points dropped, at most 1) and int8 ran 0.90x at batch 1, "
            + "1.10x at batch 32 (not faster)";
        File.WriteAllText(
            Path.Combine(run, "quantize.json"),
            $$"""{"int8_model": "model.int8.onnx", "passed": true, "serve_int8": false, "choice": "{{choice}}"}"""
        );
        var registry = "file://" + Path.Combine(_folder, "bucket");
        Mlops("registry", "push", run, "--model", "fashion", "--registry", registry).ExitCode.Should().Be(0);

        var show = Mlops("registry", "show", "fashion:1", "--registry", registry);

        show.ExitCode.Should().Be(0, show.Error);
        show.Output.Should().Contain("int8 or fp32").And.Contain(choice);
    }

    private static ProcessRunner.Result Mlops(params string[] args) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. args],
            timeout: TimeSpan.FromSeconds(60)
        );

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
