using Microsoft.AspNetCore.Http;
using Mlops.Data.Drift;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Ui.Releases;

namespace Mlops.Ui.Pages;

/// <summary>/releases/drift?service=…: the full drift report (`mlops drift`'s page, with its plots) of what the
/// service's serving revision answered, under the console's navigation.</summary>
internal static class DriftReportPage
{
    public static async Task<string> RenderAsync(
        ReleaseTargets targets,
        ReleaseReaders readers,
        string name,
        CancellationToken cancel
    )
    {
        var service = targets.Find(name)
            ?? throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "service",
                $"'{name}' is not one of the services this console follows (--cloud-run-service)"
            );
        if (readers.DriftLogs is null || readers.Registry is null)
            throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "--drift-logs",
                "drift needs the console started with --drift-logs and --registry"
            );
        var status = await new CloudRunReleaser(targets.Client, service).StatusAsync(cancel);
        var model = ReleaseRegistryView.LabelledModel(status);
        var version = ReleaseRegistryView.Build(status, model, []).Serving?.Version;
        if (model is null || version is null)
            throw new UiRequestException(
                StatusCodes.Status409Conflict,
                "service",
                $"the serving revision of {service.Service} names no registry model and version"
            );
        var outcome = await DriftSection.CompareAsync(readers, model, version.Value, cancel);
        if (outcome.Result is not { } result)
            throw new UiRequestException(StatusCodes.Status409Conflict, "drift", outcome.Missing!);
        var report = DriftReport.Html(result, outcome.Reference, outcome.Current);
        return report.Replace("<body>", $"<body>{ConsolePage.Navigation}", StringComparison.Ordinal);
    }
}
