using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Train.Runs.Store;
using Mlops.Ui.Actions;
using Mlops.Ui.Pages;
using Mlops.Ui.Releases;
using Mlops.Ui.SignIn;

namespace Mlops.Ui;

/// <summary>
/// The web console (`mlops ui`): one ASP.NET Core app, like `mlops serve`, reading the same stores as the CLI. Pages
/// are rendered on the server with inline CSS and SVG: no script, nothing fetched from elsewhere. Reading needs no
/// sign-in; every form that changes something needs a signed-in user, a CSRF token and the access rule's consent.
/// </summary>
public static class UiServer
{
    public static WebApplication Build(UiOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_ => RunStore.Open(options.Runs));
        if (options.Registry is { } registry)
            builder.Services.AddSingleton(_ => new ModelRegistry(BlobStoreFactory.Open(registry)));
        if (options.DriftLogs is { } driftLogs)
            builder.Services.AddSingleton(_ => new DriftLogStore(
                BlobStoreFactory.Open(driftLogs, where: "--drift-logs")
            ));
        ConsoleAuthentication.Add(builder.Services, options.Oidc);
        if (options.BehindProxy)
            builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                // The proxy's address is not known in advance (Cloud Run's front end): the console must then be
                // reachable only through it, which is what --behind-proxy asserts.
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Clear();
            });
        if (!options.BehindProxy)
            // Only loopback names: a page elsewhere that rebinds its own name to 127.0.0.1 cannot read the console.
            builder.Services.Configure<HostFilteringOptions>(hosts =>
                hosts.AllowedHosts = ["127.0.0.1", "localhost", "[::1]"]
            );
        var app = builder.Build();
        if (options.BehindProxy)
            app.UseForwardedHeaders();
        else
            app.UseHostFiltering();
        app.UseAuthentication();
        app.MapGet("/", () => Results.Redirect("/runs"));
        app.MapGet("/runs", (HttpContext context, RunStore store) =>
            PageAsync(context, () => Task.FromResult(RunsPage.Render(store, context.Request.Query)))
        );
        app.MapGet("/runs/{name}", (string name, RunStore store, HttpContext context, CancellationToken cancel) =>
            PageAsync(context, () =>
                RunPage.RenderAsync(store, context.RequestServices.GetService<ModelRegistry>(), name, cancel)
            )
        );
        app.MapGet("/sweeps/{sweep}", (string sweep, HttpContext context, RunStore store) =>
            PageAsync(context, () => Task.FromResult(SweepPage.Render(store, sweep)))
        );
        app.MapGet("/compare", (HttpContext context, RunStore store) =>
            PageAsync(context, () => Task.FromResult(ComparePage.Render(store, context.Request.Query)))
        );
        app.MapGet("/registry", (HttpContext context, CancellationToken cancel) =>
            PageAsync(context, () => RegistryPage.ModelsAsync(RegistryOf(context), cancel))
        );
        app.MapGet("/registry/{model}", (string model, HttpContext context, CancellationToken cancel) =>
            PageAsync(context, () =>
                RegistryPage.ModelAsync(RegistryOf(context), model, ConsoleViewer.Of(context), options.Access, cancel)
            )
        );
        app.MapGet(
            "/registry/{model}/{version:int}",
            (string model, int version, HttpContext context, CancellationToken cancel) =>
                PageAsync(context, () => VersionPage.VersionAsync(RegistryOf(context), model, version, cancel))
        );
        app.MapGet("/registry/{model}/diff", (string model, HttpContext context, CancellationToken cancel) =>
            PageAsync(context, () => VersionPage.DiffAsync(RegistryOf(context), model, context.Request.Query, cancel))
        );
        app.MapPost("/registry/{model}/promote", (string model, HttpContext context) =>
            ActionAsync(context, () => AliasActions.PromoteAsync(context, RegistryOf(context), options.Access, model))
        );
        app.MapPost("/registry/{model}/rollback", (string model, HttpContext context) =>
            ActionAsync(context, () => AliasActions.RollbackAsync(context, RegistryOf(context), options.Access, model))
        );
        app.MapGet("/releases", (HttpContext context, CancellationToken cancel) =>
            PageAsync(context, () =>
                ReleasesPage.RenderAsync(
                    options.Releases,
                    ReleaseReaders.Of(context),
                    ConsoleViewer.Of(context),
                    options.Access,
                    cancel
                )
            )
        );
        app.MapGet("/releases/drift", (HttpContext context, CancellationToken cancel) =>
            PageAsync(context, () =>
                DriftReportPage.RenderAsync(
                    ReleasesOf(options),
                    ReleaseReaders.Of(context),
                    context.Request.Query["service"].ToString(),
                    cancel
                )
            )
        );
        app.MapPost("/releases/canary", (HttpContext context, CancellationToken _) =>
            ActionAsync(context, () =>
                ReleaseActions.CanaryAsync(context, ReleasesOf(options), options.Registry, options.Access)
            )
        );
        foreach (var (action, promote) in new[] { ("promote", true), ("rollback", false) })
            app.MapPost($"/releases/{action}", (HttpContext context, CancellationToken _) =>
                ActionAsync(context, () =>
                    ReleaseActions.MoveAsync(context, ReleasesOf(options), options.Registry, options.Access, promote)
                )
            );
        SignInEndpoints.Map(app, options.TokenSignIn ? options.Token : null, options.Oidc);
        return app;
    }

    private static ReleaseTargets ReleasesOf(UiOptions options) =>
        options.Releases
        ?? throw new UiRequestException(
            StatusCodes.Status404NotFound,
            "--cloud-run-service",
            "the console follows no Cloud Run service: mlops ui --cloud-run-service projects/…/services/…"
        );

    private static ModelRegistry RegistryOf(HttpContext context) =>
        context.RequestServices.GetService<ModelRegistry>()
        ?? throw new UiRequestException(
            StatusCodes.Status404NotFound,
            "--registry",
            "the console was started without a registry: mlops ui --registry file://…|gs://…"
        );

    /// <summary>A page with who is signed in, or the error page for a request it refuses (what was wrong, and which
    /// field).</summary>
    internal static async Task<IResult> PageAsync(HttpContext context, Func<Task<string>> render)
    {
        try
        {
            return Html(context, await render(), StatusCodes.Status200OK);
        }
        catch (Exception error) when (Refusal(error) is { } refused)
        {
            return Html(context, ConsolePage.Error(refused), refused.Status);
        }
    }

    /// <summary>A form's action: its redirect when done, or the refusal page (and nothing changed).</summary>
    internal static async Task<IResult> ActionAsync(HttpContext context, Func<Task<IResult>> act)
    {
        try
        {
            return await act();
        }
        catch (Exception error) when (Refusal(error) is { } refused)
        {
            return Html(context, ConsolePage.Error(refused), refused.Status);
        }
    }

    private static UiRequestException? Refusal(Exception error) =>
        error switch
        {
            UiRequestException refused => refused,
            Core.Errors.MlopsException known => new UiRequestException(
                StatusCodes.Status404NotFound,
                known.Where ?? "",
                known.Message
            ),
            // A store or Cloud Run out of reach, or credentials that cannot be had: the page says so, no trace.
            HttpRequestException unreachable => new UiRequestException(
                StatusCodes.Status502BadGateway,
                "upstream",
                $"a service the console reads could not be reached: {unreachable.Message}"
            ),
            OperationCanceledException => null,
            _ => new UiRequestException(
                StatusCodes.Status500InternalServerError,
                error.GetType().Name,
                $"the console failed on this request: {error.Message}"
            ),
        };

    private static IResult Html(HttpContext context, string html, int status)
    {
        var path = context.Request.Path + context.Request.QueryString;
        var viewer = ConsoleUser.From(context.User) is null ? new ConsoleViewer(null, "") : ConsoleViewer.Of(context);
        var bar = viewer.SignInBar(context.Request.Method == "GET" ? path : "/runs");
        return Results.Content(
            html.Replace(ConsolePage.SignInSlot, bar, StringComparison.Ordinal),
            "text/html; charset=utf-8",
            statusCode: status
        );
    }
}
