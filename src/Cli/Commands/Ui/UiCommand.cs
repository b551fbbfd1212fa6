using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Mlops.Cli.Commands.Common;
using Mlops.Train.Runs.Store;
using Mlops.Ui;

namespace Mlops.Cli.Commands.Ui;

/// <summary>`mlops ui [--runs file://runs|gs://…] [--registry file://…|gs://…] [--port 5000]`: the web console
/// over the same stores as the CLI, on loopback.</summary>
public static class UiCommand
{
    public static Command Create()
    {
        var runs = RunStoreOption.Create();
        var registry = RegistryStoreOption.Create();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 5000 };
        var command = new Command(
            "ui",
            "Web console: runs, a run's page, compare, the registry's models and alias history (read-only)"
        )
        {
            runs,
            registry,
            port,
        };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    var url = $"http://127.0.0.1:{parse.InRange(port, 1, 65_535)}";
                    await using var app = UiServer.Build(
                        new UiOptions(
                            RunStore.Resolve(parse.GetValue(runs)),
                            url,
                            RegistryStoreOption.Resolve(parse, registry)
                        )
                    );
                    await app.StartAsync(cancellationToken);
                    Console.WriteLine($"console for {RunStore.Resolve(parse.GetValue(runs))} at {url}/runs");
                    await app.WaitForShutdownAsync(cancellationToken);
                    return 0;
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }
}
