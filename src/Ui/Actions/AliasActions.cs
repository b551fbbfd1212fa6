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
        var alias = form.RequiredAlias();
        var reason = form.Required("reason", ConsoleForm.MaxReasonLength);
        var force = form.Ticked("force");
        await EnsureVersionAsync(registry, model, version, context.RequestAborted);
        ActionGuards.Allow(policy, user, alias);
        var request = new PromoteRequest(model, version, alias) { Reason = reason, Force = force };
        await ActionGuards.RefusedAsConflict(() =>
            registry.AliasesActingAs(user.Name).PromoteAsync(request, context.RequestAborted)
        );
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
        var alias = form.RequiredAlias();
        var reason = form.Required("reason", ConsoleForm.MaxReasonLength);
        ActionGuards.Allow(policy, user, alias);
        await ActionGuards.RefusedAsConflict(() =>
            registry.AliasesActingAs(user.Name).RollbackAsync(model, alias, reason, context.RequestAborted)
        );
        return Moved(model);
    }

    /// <summary>The model and version, read once each (the promote reads the card again under its CAS); unknown
    /// ones are a 404 naming which.</summary>
    private static async Task EnsureVersionAsync(
        ModelRegistry registry,
        string model,
        int version,
        CancellationToken cancel
    )
    {
        try
        {
            await registry.Catalog.RequireModelAsync(model, cancel);
            await registry.Catalog.CardAsync(model, version, cancel);
        }
        catch (MlopsException error)
        {
            var field = error.Where == model ? "model" : "version";
            throw new UiRequestException(StatusCodes.Status404NotFound, field, error.Message);
        }
    }

    private static IResult Moved(string model) => Results.Redirect($"/registry/{Uri.EscapeDataString(model)}#history");
}
