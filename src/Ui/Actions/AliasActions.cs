using Microsoft.AspNetCore.Http;
using Mlops.Core.Errors;
using Mlops.Registry.Models;
using Mlops.Ui.Access;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Actions;

/// <summary>
/// The registry page's forms: promote a version to an alias (through the registry's metric gate) and roll an alias
/// back, each with a reason, made by the same alias book calls as `mlops registry promote|rollback` with the
/// signed-in user as the actor. Checked in order: signed in, form and CSRF, fields, the access rule; then the move.
/// </summary>
internal static class AliasActions
{
    public static async Task<IResult> PromoteAsync(
        HttpContext context,
        ModelRegistry registry,
        AccessPolicy policy,
        string model
    )
    {
        var user = ConsoleForm.RequireUser(context);
        var form = await ConsoleForm.ReadAsync(context);
        var version = form.RequiredInt("version");
        var alias = Alias(form);
        var reason = form.Required("reason", ConsoleForm.MaxReasonLength);
        var force = form.Ticked("force");
        await EnsureVersionAsync(registry, model, version, context.RequestAborted);
        Allow(policy, user, alias);
        var request = new PromoteRequest(model, version, alias) { Reason = reason, Force = force };
        await Refused(() => registry.AliasesActingAs(user.Name).PromoteAsync(request, context.RequestAborted));
        return Moved(model);
    }

    public static async Task<IResult> RollbackAsync(
        HttpContext context,
        ModelRegistry registry,
        AccessPolicy policy,
        string model
    )
    {
        var user = ConsoleForm.RequireUser(context);
        var form = await ConsoleForm.ReadAsync(context);
        var alias = Alias(form);
        var reason = form.Required("reason", ConsoleForm.MaxReasonLength);
        Allow(policy, user, alias);
        await Refused(() =>
            registry.AliasesActingAs(user.Name).RollbackAsync(model, alias, reason, context.RequestAborted)
        );
        return Moved(model);
    }

    private static string Alias(ConsoleForm form)
    {
        var alias = form.Required("alias", 64);
        try
        {
            return RegistryNames.Alias(alias);
        }
        catch (MlopsException error)
        {
            throw new UiRequestException(StatusCodes.Status400BadRequest, "alias", error.Message);
        }
    }

    private static async Task EnsureVersionAsync(
        ModelRegistry registry,
        string model,
        int version,
        CancellationToken cancel
    )
    {
        if (!(await registry.Catalog.ModelsAsync(cancel)).Contains(model))
            throw new UiRequestException(StatusCodes.Status404NotFound, "model", $"no model named '{model}'");
        if (!(await registry.Catalog.VisibleCardsAsync(model, cancel)).Any(card => card.Version == version))
            throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "version",
                $"model '{model}' has no version {version}"
            );
    }

    private static void Allow(AccessPolicy policy, ConsoleUser user, string alias)
    {
        if (policy.Refusal(user, alias) is { } refusal)
            throw new UiRequestException(StatusCodes.Status403Forbidden, "alias", refusal);
    }

    /// <summary>The registry's own refusals (the gate, no earlier version, an unknown model) as a 409 page.</summary>
    private static async Task Refused(Func<Task> move)
    {
        try
        {
            await move();
        }
        catch (MlopsException error)
        {
            throw new UiRequestException(StatusCodes.Status409Conflict, error.Where ?? "registry", error.Message);
        }
    }

    private static IResult Moved(string model) => Results.Redirect($"/registry/{Uri.EscapeDataString(model)}#history");
}
