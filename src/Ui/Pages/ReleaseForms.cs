using Mlops.Deploy.CloudRun;
using Mlops.Registry.Models;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Pages;

/// <summary>The releases page's actions for one service, offered by its state: a running canary can be promoted or
/// stopped; after a promote, traffic can go back to the "previous" revision. Each moves an alias with it and asks
/// why.</summary>
internal static class ReleaseForms
{
    public static void Add(
        ConsolePage page,
        CloudRunService service,
        ServiceState state,
        IReadOnlyList<AliasState> aliases,
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
        else if (previous)
            page.Raw(Form(service, "rollback", "Roll back to the previous revision", aliases, viewer));
        else
            page.Paragraph("no canary running and no previous revision: nothing to move here", "muted");
    }

    private static string Form(
        CloudRunService service,
        string action,
        string label,
        IReadOnlyList<AliasState> aliases,
        ConsoleViewer viewer
    )
    {
        var known = string.Concat(aliases.Select(alias => $"<option value=\"{ConsolePage.Escape(alias.Alias)}\">"));
        var list = $"aliases-{service.Service}-{action}";
        return $"<form method=\"post\" action=\"/releases/{action}\" class=\"action\">{viewer.CsrfField}"
            + $"<input type=\"hidden\" name=\"service\" value=\"{ConsolePage.Escape(service.Name)}\">"
            + $"<label>alias that follows it <input type=\"text\" name=\"alias\" list=\"{list}\" required "
            + $"maxlength=\"64\"></label><datalist id=\"{list}\">{known}</datalist> "
            + "<label>because <input type=\"text\" name=\"reason\" required maxlength=\"500\"></label> "
            + $"<button type=\"submit\">{ConsolePage.Escape(label)}</button></form>";
    }
}
