using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Release;
using Mlops.Registry.Models;
using Mlops.Ui.Access;
using Mlops.Ui.Releases;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Actions;

/// <summary>
/// The releases page's forms: start a canary (a registry version's image beside the serving revision, sized like
/// it), promote it to all traffic, or send traffic back (stop the canary, or return to the "previous" revision after
/// a promote), with the alias that follows moved along — the same <see cref="ModelRelease"/> steps as
/// `mlops release canary|promote|rollback --alias`, the signed-in user as the actor.
/// </summary>
internal static class ReleaseActions
{
    /// <summary>What every release form carries, checked in order: signed in, form and CSRF, fields, rule.</summary>
    private sealed record ReleaseForm(
        ConsoleUser User,
        ConsoleForm Form,
        CloudRunService Service,
        string Alias,
        string Reason,
        ModelRegistry Registry
    );

    public static async Task<IResult> MoveAsync(
        HttpContext context,
        ReleaseTargets targets,
        string? registryUri,
        AccessPolicy policy,
        bool promote
    )
    {
        var request = await ReadAsync(context, targets, registryUri, policy);
        var releaser = new CloudRunReleaser(targets.Client, request.Service);
        await ActionGuards.RefusedAsConflict(async () =>
        {
            var status = await releaser.StatusAsync(context.RequestAborted);
            var model = ModelOf(status, releaser.Service);
            await AllowEveryFollowerAsync(request, status, model, policy, context.RequestAborted);
            var release = new ModelRelease(releaser, () => registryUri!, request.User.Name);
            await (
                promote
                    ? release.PromoteAsync(model, request.Alias, request.Reason, context.RequestAborted)
                    : release.RollbackAsync(model, request.Alias, request.Reason, context.RequestAborted)
            );
        });
        return Results.Redirect($"/releases#{request.Service.Service}");
    }

    public static async Task<IResult> CanaryAsync(
        HttpContext context,
        ReleaseTargets targets,
        string? registryUri,
        AccessPolicy policy
    )
    {
        var request = await ReadAsync(context, targets, registryUri, policy);
        var version = request.Form.RequiredInt("version");
        var given = request.Form.Optional("image", 400);
        var percent = request.Form.RequiredInt("percent");
        if (percent is < 1 or > 99)
            throw new UiRequestException(StatusCodes.Status400BadRequest, "percent", $"{percent} is not 1 to 99");
        var releaser = new CloudRunReleaser(targets.Client, request.Service);
        await ActionGuards.RefusedAsConflict(async () =>
        {
            var status = await releaser.StatusAsync(context.RequestAborted);
            var model = ModelOf(status, releaser.Service);
            await AllowEveryFollowerAsync(request, status, model, policy, context.RequestAborted);
            var settings = status.Service.Template
                ?? throw new UiRequestException(
                    StatusCodes.Status409Conflict,
                    "service",
                    $"a canary of {request.Service.Service} would not run like it: "
                        + $"{status.Service.TemplateUncopyable}; start it with mlops release canary"
                );
            var image = await ImageOfAsync(request.Registry, model, version, given, context.RequestAborted);
            settings = settings with { ImageByDigest = image };
            try
            {
                _ = settings.Digest;
            }
            catch (MlopsException error)
            {
                throw new UiRequestException(StatusCodes.Status400BadRequest, "image", error.Message);
            }
            await new ModelRelease(releaser, () => registryUri!, request.User.Name).CanaryAsync(
                settings,
                percent,
                $"{model}:{version}",
                request.Alias,
                request.Reason,
                context.RequestAborted
            );
        });
        return Results.Redirect($"/releases#{request.Service.Service}");
    }

    private static async Task<ReleaseForm> ReadAsync(
        HttpContext context,
        ReleaseTargets targets,
        string? registryUri,
        AccessPolicy policy
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
        // The console's own registry (opened once, at start) for reads; ModelRelease opens the same URI for its moves.
        var registry = registryUri is null ? null : context.RequestServices.GetService<ModelRegistry>();
        if (registry is null)
            throw new UiRequestException(
                StatusCodes.Status404NotFound,
                "--registry",
                "moving an alias with the traffic needs the registry: mlops ui --registry …"
            );
        ActionGuards.Allow(policy, user, alias);
        return new ReleaseForm(user, form, service, alias, reason, registry);
    }

    /// <summary>
    /// Moving a service's traffic changes what every alias that follows it serves, so the user must be allowed to
    /// move each of them, not only the alias the form names (a right to "staging" must not move production's
    /// traffic).
    /// </summary>
    private static async Task AllowEveryFollowerAsync(
        ReleaseForm request,
        ReleaseStatus status,
        string model,
        AccessPolicy policy,
        CancellationToken cancel
    )
    {
        var aliases = await request.Registry.Aliases.AllAsync(model, cancel);
        var view = ReleaseRegistryView.Build(status, model, aliases);
        foreach (var alias in view.FollowingAliases())
            if (policy.Refusal(request.User, alias) is { } refusal)
                throw new UiRequestException(
                    StatusCodes.Status403Forbidden,
                    "service",
                    $"{request.Service.Service}'s traffic decides what {model}@{alias} serves: {refusal}"
                );
    }

    /// <summary>The image recorded for the version when it was pushed; one given in the form must be that image
    /// (by digest, whatever registry names it), so a canary labelled "version N" serves version N.</summary>
    private static async Task<string> ImageOfAsync(
        ModelRegistry registry,
        string model,
        int version,
        string? given,
        CancellationToken cancel
    )
    {
        var recorded = await VersionImages.FindAsync(registry, model, version, cancel);
        if (string.IsNullOrEmpty(given))
            return recorded
                ?? throw new UiRequestException(
                    StatusCodes.Status400BadRequest,
                    "image",
                    $"{model}:{version} has no pushed image recorded (mlops deploy build --model {model}:{version} "
                        + "--push …): push it, or give its image by digest"
                );
        if (recorded is not null && VersionImages.DigestOf(given) != VersionImages.DigestOf(recorded))
            throw new UiRequestException(
                StatusCodes.Status400BadRequest,
                "image",
                $"'{given}' is not the image pushed for {model}:{version} ({recorded})"
            );
        return given;
    }

    private static string ModelOf(ReleaseStatus status, CloudRunService service) =>
        ReleaseRegistryView.LabelledModel(status)
        ?? throw new UiRequestException(
            StatusCodes.Status409Conflict,
            "service",
            $"the revisions of {service.Service} name no single registry model (label "
                + $"{ReleaseLabels.Model}): release it with mlops release"
        );
}
