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
        var result = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), "registry", "promote"],
            timeout: TimeSpan.FromSeconds(30)
        );

        result.ExitCode.Should().Be(2, result.Error + result.Output);
        result
            .Error.Should()
            .Contain("error: Option '--to' is required.")
            .And.Contain("error: Required argument missing for command: 'promote'.")
            .And.Contain("see: mlops registry promote --help");
        result
            .Output.Should()
            .NotContain("Description:", "the help page is one command away, not printed in place of the error");
    }

    [Theory]
    [InlineData("nosuch", "mlops", "train")]
    [InlineData("registry nosuch", "mlops registry", "push")]
    public void An_unknown_command_gets_one_error_line_then_the_commands_there_are(
        string arguments,
        string commandPath,
        string aCommand
    )
    {
        var result = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. arguments.Split(' ')],
            timeout: TimeSpan.FromSeconds(30)
        );

        result.ExitCode.Should().Be(2, result.Error + result.Output);
        var lines = result.Error.TrimEnd().Split('\n');
        lines.Should().HaveCount(3, result.Error);
        lines[0]
            .Should()
            .Be(
                "error: Unrecognized command or argument 'nosuch'.",
                "that no command was given follows from the unknown word: one line says it"
            );
        lines[1].Should().StartWith("commands: ").And.Contain(aCommand);
        lines[2].Should().Be($"see: {commandPath} --help");
    }

    [Fact]
    public void A_command_group_without_a_sub_command_says_so_and_lists_its_commands()
    {
        var parsed = CliApp.BuildRoot().Parse(["registry"]);
        var error = new StringWriter();

        UsageErrors.Report(parsed, error).Should().Be(2);

        var registry = CliApp.BuildRoot().Subcommands.Single(c => c.Name == "registry");
        error
            .ToString()
            .TrimEnd()
            .Split(Environment.NewLine)
            .Should()
            .Equal(
                "error: Required command was not provided.",
                $"commands: {string.Join(", ", registry.Subcommands.Select(c => c.Name))}",
                "see: mlops registry --help"
            );
    }
}
