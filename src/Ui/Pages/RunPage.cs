using Microsoft.AspNetCore.Http;
using Mlops.Registry.Models;
using Mlops.Train.Reports;
using Mlops.Train.Runs.Store;

namespace Mlops.Ui.Pages;

/// <summary>/runs/{name}: the run's report (config, curves, confusion matrix, per-class accuracy, export and
/// quantization results) as `mlops report` writes it, under the console's navigation.</summary>
internal static class RunPage
{
    public static async Task<string> RenderAsync(
        RunStore store,
        ModelRegistry? registry,
        string name,
        CancellationToken cancel
    )
    {
        var run = Find(store, name);
        var report = RunReport.Render(run, mistakes: []);
        var header = ConsolePage.Navigation + await VersionsMadeFromAsync(registry, run.Name, cancel);
        var body = report.IndexOf("<body>", StringComparison.Ordinal);
        return body < 0 ? report : report.Insert(body + "<body>".Length, header);
    }

    /// <summary>Lineage forward: the registry versions whose card names this run, linked to their model.</summary>
    private static async Task<string> VersionsMadeFromAsync(
        ModelRegistry? registry,
        string run,
        CancellationToken cancel
    )
    {
        if (registry is null)
            return "";
        var made = new List<string>();
        foreach (var model in await registry.Catalog.ModelsAsync(cancel))
        foreach (var card in await registry.Catalog.VisibleCardsAsync(model, cancel))
            if (card.Lineage.Run is { } source && Path.GetFileName(source.TrimEnd('/')) == run)
                made.Add(
                    ConsolePage.Link(
                        $"/registry/{Uri.EscapeDataString(model)}/{card.Version}",
                        $"{model}:{card.Version}"
                    )
                );
        return made.Count == 0
            ? "<p class=\"muted\">no registry version was made from this run</p>"
            : $"<p>registry versions made from this run: {string.Join(", ", made)}</p>";
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
