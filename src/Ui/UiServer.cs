using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Train.Runs.Store;
using Mlops.Ui.Pages;

namespace Mlops.Ui;

/// <summary>
/// The web console (`mlops ui`): one ASP.NET Core app, like `mlops serve`, reading the same stores as the CLI. Pages
/// are rendered on the server with inline CSS and SVG: no script, nothing fetched from elsewhere. This first part is
/// read-only (runs table, run page, compare), so nothing needs a sign-in yet.
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
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/runs"));
        app.MapGet("/runs", (HttpRequest request, RunStore store) => Page(() => RunsPage.Render(store, request.Query)));
        app.MapGet("/runs/{name}", (string name, RunStore store, HttpContext context, CancellationToken cancel) =>
            PageAsync(() =>
                RunPage.RenderAsync(store, context.RequestServices.GetService<ModelRegistry>(), name, cancel)
            )
        );
        app.MapGet("/compare", (HttpRequest request, RunStore store) =>
            Page(() => ComparePage.Render(store, request.Query))
        );
        app.MapGet("/registry", (HttpContext context, CancellationToken cancel) =>
            PageAsync(() => RegistryPage.ModelsAsync(RegistryOf(context), cancel))
        );
        app.MapGet("/registry/{model}", (string model, HttpContext context, CancellationToken cancel) =>
            PageAsync(() => RegistryPage.ModelAsync(RegistryOf(context), model, cancel))
        );
        return app;
    }

    private static ModelRegistry RegistryOf(HttpContext context) =>
        context.RequestServices.GetService<ModelRegistry>()
        ?? throw new UiRequestException(
            StatusCodes.Status404NotFound,
            "--registry",
            "the console was started without a registry: mlops ui --registry file://…|gs://…"
        );

    /// <summary>A page, or the error page for a request it refuses (what was wrong, and which field).</summary>
    private static async Task<IResult> PageAsync(Func<Task<string>> render)
    {
        try
        {
            return Html(await render(), StatusCodes.Status200OK);
        }
        catch (UiRequestException error)
        {
            return Html(ConsolePage.Error(error), error.Status);
        }
        catch (Core.Errors.MlopsException error)
        {
            var refused = new UiRequestException(StatusCodes.Status404NotFound, error.Where ?? "", error.Message);
            return Html(ConsolePage.Error(refused), refused.Status);
        }
    }

    private static Task<IResult> Page(Func<string> render) => PageAsync(() => Task.FromResult(render()));

    private static IResult Html(string html, int status) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
