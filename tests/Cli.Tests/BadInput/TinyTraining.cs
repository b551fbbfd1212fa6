using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>A one-epoch training config and the mlops process, for bad-input tests that check the printed error line.</summary>
internal static class TinyTraining
{
    /// <param name="data">The inside of the `data:` mapping, on line 4.</param>
    public static string Yaml(string runsDir, string data) =>
        $$"""
            name: tiny
            seed: 0
            model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
            data: { {{data}} }
            optim: { name: sgd, lr: 0.05, momentum: 0.9 }
            schedule: { name: none }
            train: { epochs: 1, batch_size: 32, threads: 2 }
            output: { runs_dir: '{{runsDir}}' }
            """;

    public static ProcessRunner.Result Mlops(params string[] arguments) =>
        ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. arguments],
            timeout: TimeSpan.FromSeconds(120)
        );
}
