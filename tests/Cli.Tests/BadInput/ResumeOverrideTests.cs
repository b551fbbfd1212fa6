using Mlops.Core.Config;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Train.Config;
using Mlops.Train.Runs;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>
/// `mlops train --resume runs/x key=value`: the run continues with the settings its config.yaml recorded (its optimizer
/// state, schedule and data were made with them), so an override that would change what is computed is refused at
/// its key; one that repeats the recorded value, or only says how to run (threads), goes on to the resume.
/// </summary>
public sealed class ResumeOverrideTests
{
    private static string Run(TempDirectory folder)
    {
        var loaded = ConfigLoader.LoadText<TrainConfig>(
            """
            name: tiny
            model: { arch: resnet18, num_classes: 10, in_channels: 1 }
            optim: { name: sgd, lr: 0.05 }
            train: { epochs: 2, batch_size: 32 }
            """,
            "tiny.yaml",
            [$"output.runs_dir={folder.Combine("runs")}"]
        );
        return RunFolder
            .Create(folder.Combine("runs"), "tiny", loaded.ToYaml(withSources: false), ["mlops", "train"])
            .Path;
    }

    [Theory]
    [InlineData("optim.lr=0.2", "optim.lr")]
    [InlineData("train.epochs=4", "train.epochs")]
    [InlineData("data.subset=100", "data.subset")]
    public void An_override_that_changes_the_runs_settings_is_refused_at_its_key(string change, string key)
    {
        using var folder = new TempDirectory("mlops-resume-override-test");
        var run = Run(folder);
        var record = File.ReadAllText(Path.Combine(run, RunFolder.InfoFile));

        var result = Mlops("train", "--resume", run, change);

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result
            .Error.Should()
            .Contain(
                $"error: command line ({key}): --resume continues {run} with the settings its config.yaml recorded"
            )
            .And.Contain($"model.pretrained={Path.Combine(run, RunFolder.CheckpointsFolder, "last.safetensors")}");
        File.ReadAllText(Path.Combine(run, RunFolder.InfoFile))
            .Should()
            .Be(record, "a refused resume leaves the run as it was");
    }

    [Theory]
    [InlineData("optim.lr=0.05")]
    [InlineData("train.threads=1")]
    public void An_override_that_keeps_the_settings_goes_on_to_the_resume(string same)
    {
        using var folder = new TempDirectory("mlops-resume-override-test");
        var run = Run(folder);

        var result = Mlops("train", "--resume", run, same);

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result
            .Error.Should()
            .Contain(
                "no last checkpoint",
                "the override was accepted: the resume itself then finds nothing to continue"
            );
    }

    private static ProcessRunner.Result Mlops(params string[] arguments) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. arguments],
            timeout: TimeSpan.FromSeconds(120)
        );
}
