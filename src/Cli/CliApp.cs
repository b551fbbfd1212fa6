using System.CommandLine;
using Mlops.Cli.Commands;
using Mlops.Core.Errors;

namespace Mlops.Cli;

/// <summary>The `mlops` command: one sub-command per pipeline stage, user errors printed without stack traces.</summary>
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
        try
        {
            return BuildRoot().Parse(args).Invoke();
        }
        catch (MlopsException error)
        {
            return ErrorReporter.Report(error);
        }
    }
}
