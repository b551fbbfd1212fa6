using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>
/// `mlops serve` with an option value the server cannot use stops before it starts, with one line naming the option —
/// not Kestrel's stack trace (a port out of range) nor a server that runs with nothing serving (a batch of 0 rows).
/// </summary>
public sealed class ServeOptionValueTests
{
    [Theory]
    [InlineData("--port", "70000", "must be between 1 and 65535, got 70000")]
    [InlineData("--port", "-1", "must be between 1 and 65535, got -1")]
    [InlineData("--max-batch-size", "0", "must be between 1 and 4096, got 0")]
    [InlineData("--threads", "-3", "must be between 0 and 1024, got -3")]
    [InlineData("--max-queue-delay-ms", "NaN", "must be between 0 and 60000, got NaN")]
    public void A_value_out_of_range_exits_2_with_one_line_naming_the_option(
        string option,
        string value,
        string message
    )
    {
        // A free port unless the port is the case: without the check the server would start and this would time out.
        var port =
            option == "--port"
                ? value
                : ProcessRunner.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
            "serve",
            "--model",
            "fashion.onnx",
            "--host",
            "127.0.0.1",
            "--port",
            port,
        ];
        if (option != "--port")
            arguments = [.. arguments, option, value];

        var result = ProcessRunner.Run("dotnet", arguments, timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(2, result.Error + result.Output);
        result.Error.Trim().Should().Be($"error: {option}: {message}");
        result.Output.Should().NotContain(" at ");
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("8080")] // a port typed as the host: IPAddress alone would read it as 0.0.31.144
    [InlineData("10.0.0")]
    public void A_host_that_is_not_an_address_exits_2_naming_host_instead_of_binding_every_interface(string host)
    {
        var port = ProcessRunner.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "mlops.dll"),
            "serve",
            "--model",
            "fashion.onnx",
            "--host",
            host,
            "--port",
            port,
        ];

        var result = ProcessRunner.Run("dotnet", arguments, timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(2, result.Error + result.Output);
        result
            .Error.Trim()
            .Should()
            .Be(
                $"error: --host: must be an IP address (127.0.0.1, ::1), localhost, or 0.0.0.0 / * for every interface; got '{host}'"
            );
    }
}
