using Microsoft.AspNetCore.Http;
using Mlops.Train.Reports;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Pages;

/// <summary>/runs/{name}: the run's report (config, curves, confusion matrix, per-class accuracy, export and
/// quantization results) as `mlops report` writes it, under the console's navigation.</summary>
internal static class RunPage
{
    public static string Render(RunStore store, string name)
    {
        var run = Find(store, name);
        var report = RunReport.Render(run, mistakes: []);
        var body = report.IndexOf("<body>", StringComparison.Ordinal);
        return body < 0 ? report : report.Insert(body + "<body>".Length, ConsolePage.Navigation);
    }

    /// <summary>A run of the store by name; an unknown one is a 404 naming the runs it could have been.</summary>
    public static Train.Runs.RunFolder Find(RunStore store, string name)
    {
        try
        {
            return store.Find(name);
        }
        catch (Core.Errors.MlopsException error)
        {
            throw new UiRequestException(StatusCodes.Status404NotFound, name, error.Message);
        }
    }
}
