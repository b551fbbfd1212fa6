using System.CommandLine;
using Mlops.Cli.Commands;
using Mlops.Cli.Commands.Release;
using Mlops.Core.Errors;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>A revision's size and scaling are checked before anything is sent to Cloud Run, naming the option.</summary>
public sealed class ReleaseServiceOptionsTests
{
    private const string Image =
        "127.0.0.1:5000/mlops/fashion@sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData("--cpu", "lots", "--cpu")]
    [InlineData("--memory", "big", "--memory")]
    [InlineData("--concurrency", "0", "--concurrency")]
    [InlineData("--max-instances", "0", "--max-instances")]
    [InlineData("--min-instances", "5", "--min-instances")]
    [InlineData("--min-instances", "-1", "--min-instances")]
    public void A_size_or_scaling_Cloud_Run_would_refuse_is_refused_naming_the_option(
        string option,
        string value,
        string where
    )
    {
        var options = new ReleaseServiceOptions();
        var command = new Command("deploy");
        options.AddTo(command);
        var parse = command.Parse(["--image", Image, option, value]);
        parse.Errors.Should().BeEmpty();

        FluentActions
            .Invoking(() => options.Read(parse))
            .Should()
            .Throw<MlopsException>()
            .Which.Where.Should()
            .Be(where);
    }

    [Fact]
    public void The_defaults_and_usual_forms_pass()
    {
        var options = new ReleaseServiceOptions();
        var command = new Command("deploy");
        options.AddTo(command);

        var settings = options.Read(
            command.Parse([
                "--image",
                Image,
                "--cpu",
                "500m",
                "--memory",
                "2Gi",
                "--min-instances",
                "1",
                "--max-instances",
                "1",
            ])
        );

        (settings.Cpu, settings.Memory, settings.MinInstances, settings.MaxInstances)
            .Should()
            .Be(("500m", "2Gi", 1, 1));
        options.Read(command.Parse(["--image", Image])).Concurrency.Should().Be(80);
    }
}
