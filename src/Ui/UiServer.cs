using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/runs"));
        app.MapGet("/runs", (HttpRequest request, RunStore store) => Page(() => RunsPage.Render(store, request.Query)));
        app.MapGet("/runs/{name}", (string name, RunStore store) => Page(() => RunPage.Render(store, name)));
        app.MapGet("/compare", (HttpRequest request, RunStore store) =>
            Page(() => ComparePage.Render(store, request.Query))
        );
        return app;
    }

    /// <summary>A page, or the error page for a request it refuses (what was wrong, and which field).</summary>
    private static IResult Page(Func<string> render)
    {
        try
        {
            return Results.Content(render(), "text/html; charset=utf-8");
        }
        catch (UiRequestException error)
        {
            return Results.Content(ConsolePage.Error(error), "text/html; charset=utf-8", statusCode: error.Status);
        }
        catch (Core.Errors.MlopsException error)
        {
            var refused = new UiRequestException(StatusCodes.Status404NotFound, error.Where ?? "", error.Message);
            return Results.Content(ConsolePage.Error(refused), "text/html; charset=utf-8", statusCode: refused.Status);
        }
    }
}
