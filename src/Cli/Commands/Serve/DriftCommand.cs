using System.CommandLine;
using Mlops.Core.Artifacts;
using Mlops.Data.Drift;
using Mlops.Serve.Drift;
using Spectre.Console;

namespace Mlops.Cli.Commands.Serve;

/// <summary>`mlops drift --reference runs/<name> --current <logs> [--report drift.html]`: exit 0 stable, 1 drift, 2 bad
/// input.</summary>
public static class DriftCommand
{
    public static Command Create()
    {
        var reference = new Option<string>("--reference")
        {
            Description =
                $"Reference records: a run folder (training writes its {ArtifactNames.DriftReference}), a JSONL file "
                + $"(e.g. from `mlops predict --out`), or a log folder",
            Required = true,
        };
        var current = new Option<string>("--current")
        {
            Description = "Current records: the server's drift log folder or a JSONL file",
            Required = true,
        };
        var report = new Option<string>("--report")
        {
            Description = "HTML report to write",
            DefaultValueFactory = _ => "drift-report.html",
        };
        var alpha = new Option<double>("--alpha")
        {
            Description = "KS significance level",
            DefaultValueFactory = _ => 0.01,
        };
        var psi = new Option<double>("--psi-threshold")
        {
            Description = "PSI from which a shift counts",
            DefaultValueFactory = _ => 0.1,
        };
        var command = new Command(
            "drift",
            "Compare served inputs and predictions with a reference: KS, PSI, an HTML report, exit 1 on drift"
        );
        foreach (var option in new Option[] { reference, current, report, alpha, psi })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            try
            {
                var referencePath = parse.GetValue(reference)!;
                var currentPath = parse.GetValue(current)!;
                var result = new DriftAnalysis
                {
                    Alpha = parse.GetValue(alpha),
                    PsiThreshold = parse.GetValue(psi),
                }.Compare(DriftFiles.Read(referencePath), DriftFiles.Read(currentPath));
                var reportPath = parse.GetValue(report)!;
                Mlops.Core.IO.AtomicFile.WriteAllText(reportPath, DriftReport.Html(result, referencePath, currentPath));
                var table = new Table().AddColumns("feature", "KS D", "p-value", "PSI", "verdict");
                foreach (var f in result.Features)
                    table.AddRow(
                        f.Feature,
                        $"{f.KsStatistic:0.000}",
                        $"{f.PValue:G3}",
                        $"{f.Psi:0.000}",
                        f.Drifted ? "[red]drift[/]" : "[green]stable[/]"
                    );
                table.AddRow(
                    "predicted class",
                    "",
                    "",
                    $"{result.Predictions.Psi:0.000}",
                    result.Predictions.Drifted ? "[red]drift[/]" : "[green]stable[/]"
                );
                AnsiConsole.Write(table);
                Console.WriteLine($"{(result.Drifted ? "drift detected" : "no drift")}; report: {reportPath}");
                return result.Drifted ? 1 : 0;
            }
            catch (Exception error)
            {
                return ErrorReporter.Report(error);
            }
        });
        return command;
    }
}
