using Mlops.Core.Errors;

namespace Mlops.Serve.Tests;

public sealed class ServeArgumentsTests
{
    [Fact]
    public void The_image_command_line_gives_models_port_and_leaves_host_settings_to_aspnet()
    {
        var options = ServeArguments.Parse(
            ["--model", "fashion@production", "--model", "b=/m/b.onnx", "--port", "9000", "--drift-log", "/logs", "--environment=Development"],
            out var port, out var hostArgs);
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
