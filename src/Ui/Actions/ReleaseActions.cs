using Microsoft.AspNetCore.Http;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Ui.Access;
using Mlops.Ui.Releases;

namespace Mlops.Ui.Actions;

/// <summary>
/// The releases page's forms: promote a running canary to all traffic, or send traffic back (stop the canary, or
/// return to the "previous" revision after a promote), with the alias that follows the service moved along — the same
/// <see cref="ModelRelease"/> steps as `mlops release promote|rollback --alias`, the signed-in user as the actor.
/// </summary>
internal static class ReleaseActions
{
    public static async Task<IResult> MoveAsync(
        HttpContext context,
        ReleaseTargets targets,
        string? registryUri,
        AccessPolicy policy,
        bool promote
    )
    {
        var user = ConsoleForm.RequireUser(context);
        var form = await ConsoleForm.ReadAsync(context);
        var name = form.Required("service", 300);
        var service = targets.Find(name)
            ?? throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "service",
                $"'{name}' is not one of the services this console follows (--cloud-run-service)"
            );
        var alias = form.RequiredAlias();
        var reason = form.Required("reason", ConsoleForm.MaxReasonLength);
        if (registryUri is null)
            throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "--registry",
                "moving an alias with the traffic needs the registry: mlops ui --registry …"
            );
        ActionGuards.Allow(policy, user, alias);
        var releaser = new CloudRunReleaser(targets.Client, service);
        await ActionGuards.RefusedAsConflict(async () =>
        {
            var model = ReleaseRegistryView.LabelledModel(await releaser.StatusAsync(context.RequestAborted))
                ?? throw new UiRequestException(
                    StatusCodes.Status409Conflict,
                    "service",
                    $"the revisions of {service.Service} name no single registry model (label "
                        + $"{ReleaseLabels.Model}): release it with mlops release"
                );
            var release = new ModelRelease(releaser, () => registryUri, user.Name);
            await (
                promote
                    ? release.PromoteAsync(model, alias, reason, context.RequestAborted)
                    : release.RollbackAsync(model, alias, reason, context.RequestAborted)
            );
        });
        return Results.Redirect($"/releases#{service.Service}");
    }
}
