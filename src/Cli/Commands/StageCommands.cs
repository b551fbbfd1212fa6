using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Cli.Commands.Deploy;
using Mlops.Cli.Commands.Export;
using Mlops.Cli.Commands.Pipeline;
using Mlops.Cli.Commands.Registry;
using Mlops.Cli.Commands.Release;
using Mlops.Cli.Commands.Runs;
using Mlops.Cli.Commands.Serve;
using Mlops.Cli.Commands.Ui;

namespace Mlops.Cli.Commands;

/// <summary>The list of top-level commands. Each stage adds its own file in this folder and one line here.</summary>
public static class StageCommands
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return RunsCommand.Create();
        yield return RegistryCommand.Create();
        yield return TrainCommand.Create();
        yield return EvalCommand.Create();
        yield return ExportCommand.Create();
        yield return QuantizeCommand.Create();
        yield return ServeCommand.Create();
        yield return PredictCommand.Create();
        yield return LoadtestCommand.Create();
        yield return DriftCommand.Create();
        yield return DeployCommand.Create();
        yield return ReleaseCommand.Create();
        yield return SweepCommand.Create();
        yield return ReportCommand.Create();
        yield return UiCommand.Create();
        yield return PipelineCommand.Create();
        yield return QuickstartCommand.Create();
    }
}
