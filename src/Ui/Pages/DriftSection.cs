using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Data.Drift;
using Mlops.Ui.Releases;

namespace Mlops.Ui.Pages;

/// <summary>
/// A service's drift on the releases page: the served records of the version its serving revision holds against
/// that version's training reference — a verdict and a row per feature, and a link to the full report with its
/// plots (/releases/drift?service=…).
/// </summary>
internal static class DriftSection
{
    public static async Task AddAsync(
        ConsolePage page,
        ReleaseReaders readers,
        string model,
        int? version,
        string service,
        CancellationToken cancel
    )
    {
        page.Raw("<h3>Drift of served traffic</h3>");
        if (readers.DriftLogs is null)
        {
            page.Paragraph(
                "start the console with --drift-logs <bucket> (where mlops serve --drift-upload ships)",
                "muted"
            );
            return;
        }
        if (version is null)
        {
            page.Paragraph("the serving revision names no registry version (label mlops-version)", "muted");
            return;
        }
        DriftOutcome outcome;
        try
        {
            outcome = await CompareAsync(readers, model, version.Value, cancel);
        }
        catch (MlopsException error)
        {
            page.Raw(
                $"<p class=\"error\">{ConsolePage.Escape(error.Where ?? "")}: {ConsolePage.Escape(error.Message)}</p>"
            );
            return;
        }
        if (outcome.Result is not { } result)
        {
            page.Paragraph(outcome.Missing!, "muted");
            return;
        }
        page.Paragraph(
            $"{(result.Drifted ? "DRIFT" : "STABLE")}: {result.CurrentCount} served records of {model} version "
                + $"{version} against {result.ReferenceCount} of {outcome.Reference}",
            result.Drifted ? "disagree" : "agree"
        );
        page.Table(
            ["feature", "KS D", "p-value", "PSI", "verdict"],
            result
                .Features.Select(feature =>
                    (IReadOnlyList<string>)
                        [
                            ConsolePage.Escape(feature.Feature),
                            Number(feature.KsStatistic),
                            Number(feature.PValue),
                            Number(feature.Psi),
                            feature.Drifted ? "<b>drift</b>" : "stable",
                        ]
                )
                .Append([
                    "predicted class",
                    "",
                    "",
                    Number(result.Predictions.Psi),
                    result.Predictions.Drifted ? "<b>drift</b>" : "stable",
                ])
        );
        var report = $"/releases/drift?service={Uri.EscapeDataString(service)}";
        page.Raw($"<p>{ConsolePage.Link(report, "full drift report")}</p>");
    }

    public static Task<DriftOutcome> CompareAsync(
        ReleaseReaders readers,
        string model,
        int version,
        CancellationToken cancel
    ) => ServedDrift.CompareAsync(readers.DriftLogs!, readers.Runs, readers.Registry!, model, version, cancel);

    private static string Number(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
