using Mlops.Core.Errors;

namespace Mlops.Serve.Tests;

public sealed class ServeArgumentsTests
{
    [Fact]
    public void The_image_command_line_gives_models_port_and_leaves_host_settings_to_aspnet()
    {
        var options = ServeArguments.Parse(
            [
                "--model",
                "fashion@production",
                "--model",
                "b=/m/b.onnx",
                "--port",
                "9000",
                "--drift-log",
                "/logs",
                "--environment=Development",
            ],
            out var port,
            out var hostArgs
        );
        options.Models.Should().Equal("fashion@production", "b=/m/b.onnx");
        port.Should().Be(9000);
        options.DriftLogFolder.Should().Be("/logs");
        hostArgs.Should().Equal("--environment=Development");
    }

    [Theory]
    [InlineData("--port", "99999", "--port must be 1..65535")]
    [InlineData("--colour", "red", "unknown argument '--colour'")]
    public void Bad_arguments_are_refused_with_what_to_use(string name, string value, string message)
    {
        var parse = () => ServeArguments.Parse([name, value], out _, out _);
        parse.Should().Throw<MlopsException>().WithMessage($"*{message}*");
    }
}

/// <summary>The image's server decides which registry it reads the way `mlops` does (RegistryLocation).</summary>
public sealed class ServeRegistryLocationTests
{
    [Fact]
    public void A_registry_folder_named_on_the_command_line_that_does_not_exist_is_refused_at_the_option()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"mlops-no-registry-{Guid.NewGuid():N}");
        var options = ServeArguments.Parse(
            ["--model", "fashion@production", "--registry", "file://" + missing],
            out _,
            out _
        );

        var act = () => Models.ModelSources.Parse(options);

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "--registry" && e.Message.Contains($"registry folder {missing} does not exist"));
        Directory.Exists(missing).Should().BeFalse("a read never creates the registry");
    }
}
