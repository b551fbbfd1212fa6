using System.CommandLine;
using Mlops.Cli.Commands;
using Mlops.Core.Errors;

namespace Mlops.Cli;

/// <summary>The `mlops` command: one sub-command per pipeline stage, user errors printed without stack
/// traces.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("mlops — train, export, quantize, register, serve and deploy image models");
        foreach (var command in StageCommands.All())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args)
    {
        TerminalOutput.PlainWhenRedirected();
        try
        {
            var parsed = BuildRoot().Parse(args);
            // No command at all: the list of commands is the useful answer (System.CommandLine shows it).
            if (parsed.Errors.Count > 0 && args.Length > 0)
                return UsageErrors.Report(parsed, Console.Error);
            // Our handler, not System.CommandLine's: user errors print as "error: where: what" with exit code 2.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception error) // ErrorReporter finds the user error inside, or reports an internal one (exit 70)
        {
            return ErrorReporter.Report(error);
        }
    }
}
