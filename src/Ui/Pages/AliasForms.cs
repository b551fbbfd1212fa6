using System.Globalization;
using Mlops.Registry.Models;
using Mlops.Ui.Access;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Pages;

/// <summary>
/// The registry page's actions: promote a version to an alias and roll an alias back, each asking why. Signed out,
/// the page says where to sign in instead; signed in, it also shows who may move which alias.
/// </summary>
internal static class AliasForms
{
    public static void Add(
        ConsolePage page,
        string model,
        IReadOnlyList<ModelCard> cards,
        IReadOnlyList<AliasState> aliases,
        ConsoleViewer viewer,
        AccessPolicy access
    )
    {
        page.Heading("Promote or roll back");
        var self = $"/registry/{Uri.EscapeDataString(model)}";
        if (viewer.User is null)
        {
            page.Raw(
                $"<p class=\"muted\">{ConsolePage.Link(ConsoleViewer.SignInPath(self), "Sign in")} to promote a "
                    + "version or roll an alias back.</p>"
            );
            return;
        }
        var versions = string.Concat(
            cards
                .OrderByDescending(card => card.Version)
                .Select(card => $"<option>{card.Version.ToString(CultureInfo.InvariantCulture)}</option>")
        );
        var known = string.Concat(aliases.Select(alias => $"<option value=\"{ConsolePage.Escape(alias.Alias)}\">"));
        page.Raw(
            $"<form method=\"post\" action=\"{self}/promote\" class=\"action\" id=\"promote\">{viewer.CsrfField}"
                + $"<label>Version <select name=\"version\">{versions}</select></label> "
                + "<label>to alias <input type=\"text\" name=\"alias\" list=\"aliases\" required "
                + $"maxlength=\"64\"></label><datalist id=\"aliases\">{known}</datalist> "
                + ReasonField
                + " <label><input type=\"checkbox\" name=\"force\"> override the accuracy gate</label> "
                + "<button type=\"submit\">Promote</button></form>"
        );
        foreach (var alias in aliases.Where(alias => alias.Previous.Count > 0).OrderBy(alias => alias.Alias))
            page.Raw(
                $"<form method=\"post\" action=\"{self}/rollback\" class=\"action\">{viewer.CsrfField}"
                    + $"<input type=\"hidden\" name=\"alias\" value=\"{ConsolePage.Escape(alias.Alias)}\">"
                    + $"Roll <b>{ConsolePage.Escape(alias.Alias)}</b> back from {alias.Version} to "
                    + $"{alias.Previous[^1]} {ReasonField} <button type=\"submit\">Roll back</button></form>"
            );
        page.Raw(
            "<p class=\"rules\">Who may move aliases: "
                + ConsolePage.Escape(string.Join("; ", access.Describe()))
                + $". Moves are recorded as {ConsolePage.Escape(viewer.User.Name)}.</p>"
        );
    }

    private const string ReasonField =
        "<label>because <input type=\"text\" name=\"reason\" required maxlength=\"500\" "
        + "placeholder=\"why (kept in the history)\"></label>";
}
