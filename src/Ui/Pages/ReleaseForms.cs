using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Pages;

/// <summary>The releases page's actions for one service, offered by its state: a running canary can be promoted or
/// stopped; without one, a canary can be started, and after a promote traffic can go back to the "previous" revision.
/// Each moves an alias with it and asks why.</summary>
internal static class ReleaseForms
{
    public static void Add(
        ConsolePage page,
        CloudRunService service,
        ServiceState state,
        IReadOnlyList<AliasState> aliases,
        IReadOnlyList<ModelCard> versions,
        ConsoleViewer viewer
    )
    {
        if (viewer.User is null)
        {
            page.Raw(
                $"<p class=\"muted\">{ConsolePage.Link(ConsoleViewer.SignInPath("/releases"), "Sign in")} to promote "
                    + "or stop a canary, or roll back.</p>"
            );
            return;
        }
        var canary = state.Tagged(CloudRunReleaser.CanaryTag) is not null;
        var previous = state.Tagged(CloudRunReleaser.PreviousTag) is not null;
        if (canary)
        {
            page.Raw(Form(service, "promote", "Promote the canary to all traffic", aliases, viewer));
            page.Raw(Form(service, "rollback", "Stop the canary (all traffic back)", aliases, viewer));
        }
        else
        {
            if (previous)
                page.Raw(Form(service, "rollback", "Roll back to the previous revision", aliases, viewer));
            page.Raw(StartCanary(service, state, aliases, versions, viewer));
        }
    }

    /// <summary>A registry version's image as a canary, sized like the serving revision (its template is
    /// copied); the image is the one `mlops deploy build --push` printed for that version.</summary>
    private static string StartCanary(
        CloudRunService service,
        ServiceState state,
        IReadOnlyList<AliasState> aliases,
        IReadOnlyList<ModelCard> versions,
        ConsoleViewer viewer
    )
    {
        if (state.Template is null)
            return "<p class=\"muted\">a canary of this service starts with mlops release canary: a revision copied "
                + $"from its template would not run like it ({ConsolePage.Escape(state.TemplateUncopyable ?? "")})</p>";
        var options = string.Concat(
            versions.OrderByDescending(card => card.Version).Select(card => $"<option>{card.Version}</option>")
        );
        var fields =
            $"<label>version <select name=\"version\">{options}</select></label> "
            + "<label>image <input type=\"text\" name=\"image\" size=\"40\" "
            + "placeholder=\"the one pushed for the version, or registry/repo@sha256:…\"></label> "
            + "<label>traffic % <input type=\"number\" name=\"percent\" min=\"1\" max=\"99\" value=\"10\"></label> ";
        return Form(service, "canary", "Start the canary", aliases, viewer, fields);
    }

    private static string Form(
        CloudRunService service,
        string action,
        string label,
        IReadOnlyList<AliasState> aliases,
        ConsoleViewer viewer,
        string fields = ""
    )
    {
        var known = string.Concat(aliases.Select(alias => $"<option value=\"{ConsolePage.Escape(alias.Alias)}\">"));
        var list = ConsolePage.Escape($"aliases-{service.Service}-{action}");
        return $"<form method=\"post\" action=\"/releases/{action}\" class=\"action\">{viewer.CsrfField}"
            + $"<input type=\"hidden\" name=\"service\" value=\"{ConsolePage.Escape(service.Name)}\">"
            + fields
            + $"<label>alias that follows it <input type=\"text\" name=\"alias\" list=\"{list}\" required "
            + $"maxlength=\"64\"></label><datalist id=\"{list}\">{known}</datalist> "
            + "<label>because <input type=\"text\" name=\"reason\" required maxlength=\"500\"></label> "
            + $"<button type=\"submit\">{ConsolePage.Escape(label)}</button></form>";
    }
}
