using System.CommandLine;

namespace Mlops.Cli;

/// <summary>
/// Command-line mistakes (an unknown option, a missing argument, a value of the wrong type) as every other bad input
/// is reported: "error: …" lines and exit code 2, with a pointer to the help of the command that was meant —
/// instead of System.CommandLine's full help page and exit code 1.
/// </summary>
public static class UsageErrors
{
    public const int ExitCode = 2;

    public static int Report(ParseResult parsed, TextWriter error)
    {
        foreach (var problem in parsed.Errors)
            error.WriteLine($"error: {problem.Message}");
        error.WriteLine($"see: {CommandPath(parsed.CommandResult)} --help");
        return ExitCode;
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (var current = command; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(current.Command is RootCommand ? "mlops" : current.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
