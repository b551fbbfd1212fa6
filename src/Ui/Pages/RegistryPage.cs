using System.Globalization;
using Mlops.Registry.Models;
using Mlops.Ui.Access;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Pages;

/// <summary>
/// /registry and /registry/{model}: the models of the registry with their aliases, and a model's versions (metrics,
/// size, who made it, the run it came from, which aliases point at it) with every alias move in its history — who,
/// when, why, from → to. Read through the registry's own catalog and alias book.
/// </summary>
internal static class RegistryPage
{
    public static async Task<string> ModelsAsync(ModelRegistry registry, CancellationToken cancel)
    {
        var page = new ConsolePage($"Models in {registry.Store.Uri}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in await registry.Catalog.ModelsAsync(cancel))
        {
            var versions = await registry.Catalog.VisibleCardsAsync(model, cancel);
            var aliases = await registry.Aliases.AllAsync(model, cancel);
            rows.Add([
                ConsolePage.Link($"/registry/{Uri.EscapeDataString(model)}", model),
                versions.Count.ToString(CultureInfo.InvariantCulture),
                versions.Count == 0 ? "" : versions.Max(card => card.Version).ToString(CultureInfo.InvariantCulture),
                ConsolePage.Escape(string.Join(", ", aliases.Select(alias => $"{alias.Alias} → {alias.Version}"))),
            ]);
        }
        if (rows.Count == 0)
            page.Paragraph("no models yet: mlops registry push runs/<name> --model <name>", "muted");
        else
            page.Table(["model", "versions", "latest", "aliases"], rows);
        return page.Render();
    }

    public static async Task<string> ModelAsync(
        ModelRegistry registry,
        string model,
        ConsoleViewer viewer,
        AccessPolicy access,
        CancellationToken cancel
    )
    {
        await registry.Catalog.RequireModelAsync(model, cancel);
        var cards = await registry.Catalog.VisibleCardsAsync(model, cancel);
        var aliases = await registry.Aliases.AllAsync(model, cancel);
        var history = await registry.Aliases.HistoryAsync(model, cancel);
        var page = new ConsolePage($"Model {model}");
        page.Heading("Versions");
        page.Table(
            ["version", "aliases", "created", "by", "metrics", "size", "run"],
            cards
                .OrderByDescending(card => card.Version)
                .Select(card =>
                    (IReadOnlyList<string>)
                        [
                            ConsolePage.Link(
                                $"/registry/{Uri.EscapeDataString(model)}/{card.Version}",
                                card.Version.ToString(CultureInfo.InvariantCulture)
                            ),
                            ConsolePage.Escape(
                                string.Join(", ", aliases.Where(a => a.Version == card.Version).Select(a => a.Alias))
                            ),
                            card.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                            ConsolePage.Escape(card.CreatedBy),
                            ConsolePage.Escape(
                                string.Join(
                                    ", ",
                                    card.Metrics.Select(m =>
                                        $"{m.Key} {m.Value.ToString("G4", CultureInfo.InvariantCulture)}"
                                    )
                                )
                            ),
                            $"{card.Files.Sum(file => file.Size) / 1e6:F1} MB",
                            card.Lineage.Run is { } run
                                ? ConsolePage.Link(
                                    $"/runs/{Uri.EscapeDataString(Path.GetFileName(run))}",
                                    Path.GetFileName(run)
                                )
                                : "",
                        ]
                )
        );
        page.Raw(VersionPage.DiffForm(model, cards));
        AliasForms.Add(page, model, cards, aliases, viewer, access);
        page.Raw("<h2 id=\"history\">Alias history</h2>");
        if (history.Count == 0)
            page.Paragraph("no alias has moved yet", "muted");
        else
            page.Table(
                ["#", "alias", "action", "from → to", "who", "when", "why"],
                history
                    .OrderByDescending(move => move.At)
                    .ThenByDescending(move => move.Sequence)
                    .Select(move =>
                        (IReadOnlyList<string>)
                            [
                                move.Sequence.ToString(CultureInfo.InvariantCulture),
                                ConsolePage.Escape(move.Alias),
                                ConsolePage.Escape(move.Action),
                                $"{move.From?.ToString(CultureInfo.InvariantCulture) ?? "-"} → {move.To}",
                                ConsolePage.Escape(move.Actor),
                                move.At.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                                ConsolePage.Escape(move.Reason ?? ""),
                            ]
                    )
            );
        return page.Render();
    }
}
