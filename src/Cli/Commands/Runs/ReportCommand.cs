using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Core.IO;
using Mlops.Train.Reports;
using Mlops.Train.Runs;
using Mlops.Train.Sweeps;

namespace Mlops.Cli.Commands.Runs;

/// <summary>`mlops report &lt;run or sweep&gt; [--out report.html]`: one self-contained HTML page.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target")
        {
            Description = "A run (folder name, path or config name) or a sweep folder",
        };
        var runsDir = RunStoreOption.Create();
        var output = new Option<string?>("--out", "-o")
        {
            Description = "HTML file to write (default: report.html in the run or sweep folder)",
        };
        var images = new Option<int>("--images")
        {
            Description = "Misclassified test images to show (0: skip, no model is loaded)",
            DefaultValueFactory = _ => 24,
        };
        var command = new Command(
            "report",
            "Write an HTML report of a run or a sweep: curves, confusion matrix, mistakes, sweep charts"
        )
        {
            target,
            runsDir,
            output,
            images,
        };
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(target)!;
            string folder,
                html;
            if (SweepFile.IsSweepFolder(name))
            {
                folder = name;
                html = SweepReport.Render(name);
            }
            else
            {
                using var store = RunStoreOption.Open(parseResult, runsDir);
                var run = store.Find(name);
                folder = run.Path;
                int count = parseResult.GetValue(images);
                if (count > 0)
                    Console.WriteLine("finding misclassified test images with the best checkpoint...");
                html = RunReport.Render(run, count > 0 ? MisclassifiedImages.Find(run, count) : []);
            }
            var path = parseResult.GetValue(output) ?? Path.Combine(folder, "report.html");
            AtomicFile.WriteAllText(path, html);
            Console.WriteLine($"report: {path}");
            return 0;
        });
        return command;
    }
}
