using Mlops.Cli.Commands;
using Mlops.Cli.Commands.Pipeline;
using Mlops.Cli.Pipeline;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>`mlops pipeline --help` is where a user first reads what `pipeline run` does: it must name every stage, in order.</summary>
public sealed class PipelineHelpTests
{
    [Fact]
    public void The_run_commands_help_names_every_stage_in_the_order_they_run()
    {
        // Quantizing (the default) and image.push add their stages, so the fullest local pipeline is checked.
        var config = new PipelineConfig { Image = new ImageSection { Push = "127.0.0.1:5000/mlops/fashion" } };
        var stageNames = PipelineDefinition
            .Stages(config, _ => throw new InvalidOperationException("not loaded for help"))
            .Select(stage => stage.Name)
            .ToList();
        stageNames.Should().Contain(["quantize", "push"]);

        var run = PipelineCommand.Create().Subcommands.Single(command => command.Name == "run");
        var description = run.Description!;
        var positions = stageNames.Select(name => description.IndexOf(name, StringComparison.Ordinal)).ToList();
        positions
            .Should()
            .NotContain(-1, $"'{description}' should name every stage of {string.Join(", ", stageNames)}");
        positions.Should().BeInAscendingOrder($"'{description}' should name the stages in the order they run");
    }
}
