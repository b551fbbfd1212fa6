using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mlops.Cli;

/// <summary>
/// Command-line mistakes (an unknown option, a missing argument, a value of the wrong type) as every other bad input
/// is reported: "error: …" lines and exit code 2, with a pointer to the help of the command that was meant —
/// instead of System.CommandLine's full help page and exit code 1.
/// </summary>
public static class UsageErrors
{
    public const int ExitCode = 2;

    /// <summary>
    /// System.CommandLine's own wording for a group command (mlops, mlops registry) given no sub-command, asked of it
    /// rather than copied, so it is still recognised if a new version words it differently.
    /// </summary>
    private static readonly string MissingSubcommand = new RootCommand { Subcommands = { new Command("any") } }
        .Parse([])
        .Errors.Single()
        .Message;

    public static int Report(ParseResult parsed, TextWriter error)
    {
        var command = parsed.CommandResult.Command;
        var needsSubcommand = command.Subcommands.Count > 0 && command.Action is null;
        foreach (var problem in parsed.Errors)
        {
            // `mlops nosuch`: the unknown word is the mistake; that no sub-command was found follows from it.
            if (needsSubcommand && parsed.UnmatchedTokens.Count > 0 && problem.Message == MissingSubcommand)
                continue;
            error.WriteLine($"error: {problem.Message}");
        }
        if (needsSubcommand)
            error.WriteLine(
                $"commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
            );
        error.WriteLine($"see: {CommandPath(parsed.CommandResult)} --help");
        return ExitCode;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var current = command; current is not null; current = current.Parent as CommandResult)
            names.Add(current.Command is RootCommand ? "mlops" : current.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
