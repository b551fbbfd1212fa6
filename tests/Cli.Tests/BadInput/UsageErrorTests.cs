using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>
/// Command-line mistakes exit 2 with "error:" lines and where to look, like every other bad input — not
/// System.CommandLine's whole help page and exit code 1.
/// </summary>
public sealed class UsageErrorTests
{
    [Fact]
    public void A_wrong_typed_value_names_the_option_and_the_commands_help()
    {
        var parsed = CliApp.BuildRoot().Parse(["serve", "--model", "fashion.onnx", "--port", "abc"]);
        var error = new StringWriter();

        var exitCode = UsageErrors.Report(parsed, error);

        exitCode.Should().Be(2);
        var lines = error.ToString().TrimEnd().Split(Environment.NewLine);
        lines[0].Should().StartWith("error: ").And.Contain("'abc'").And.Contain("--port");
        lines[^1].Should().Be("see: mlops serve --help");
    }

    [Fact]
    public void The_mlops_process_exits_2_for_a_missing_option_and_a_missing_argument_without_the_help_page()
    {
        var result = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "registry", "promote"],
            timeout: TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(2, result.Error + result.Output);
        result.Error.Should().Contain("error: Option '--to' is required.")
            .And.Contain("error: Required argument missing for command: 'promote'.")
            .And.Contain("see: mlops registry promote --help");
        result.Output.Should().NotContain("Description:", "the help page is one command away, not printed in place of the error");
    }
}
