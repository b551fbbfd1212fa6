using Mlops.Cli.Commands;
using Mlops.Cli.Commands.Runs;
using Mlops.Core.Artifacts;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Train.Runs;
using Spectre.Console;

namespace Mlops.Cli.Tests.Runs;

/// <summary>
/// An image-folder run has no test split: its final evaluation is on the validation part (evaluation.json "split"),
/// so `runs list` shows no test accuracy for it and `runs show` names the split.
/// </summary>
public sealed class ValidationSplitRunTests
{
    [Fact]
    public void A_run_evaluated_on_its_validation_part_lists_no_test_accuracy_and_show_names_the_split()
    {
        using var folder = new TempDirectory("mlops-runs-split-test");
        var imageFolderRun = RunFolder.Create(folder.Path, "folder", "", []);
        EvaluationReportFile.Write(
            imageFolderRun.EvaluationPath,
            new EvaluationReport
            {
                Split = "validation",
                Images = 8,
                Loss = 0.3,
                Accuracy = 0.875,
            }
        );
        imageFolderRun.MarkCompleted();
        var fashionRun = RunFolder.Create(folder.Path, "fashion", "", []);
        EvaluationReportFile.Write(
            fashionRun.EvaluationPath,
            new EvaluationReport
            {
                Split = "test",
                Images = 256,
                Loss = 1.2,
                Accuracy = 0.5,
            }
        );
        fashionRun.MarkCompleted();

        var table = Rendered(RunsTable.Of(RunCatalog.List(folder.Path)));
        var folderRow = table.Split('\n').Single(line => line.Contains(imageFolderRun.Name));
        var fashionRow = table.Split('\n').Single(line => line.Contains(fashionRun.Name));

        TestAccuracyCell(folderRow).Should().Be("-");
        folderRow.Should().NotContain("87.50");
        TestAccuracyCell(fashionRow).Should().Be("50.00 %");
        var shown = RunShowRows.Of(RunDetails.Of(imageFolderRun));
        shown.Should().Contain(("test acc", "-"));
        shown
            .Should()
            .Contain(
                (
                    "final evaluation",
                    "validation split (8 images) — the data has no test split, so there is no test accuracy"
                )
            );
        RunShowRows
            .Of(RunDetails.Of(fashionRun))
            .Should()
            .Contain(("test acc", "50.00 %"))
            .And.Contain(("final evaluation", "test split (256 images)"));
    }

    private static string TestAccuracyCell(string row) =>
        row.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Last();

    private static string Rendered(Spectre.Console.Rendering.IRenderable renderable)
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(text),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
            }
        );
        console.Profile.Width = 200;
        console.Write(renderable);
        return text.ToString();
    }
}
