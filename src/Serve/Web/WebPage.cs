using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mlops.Serve.Models;

namespace Mlops.Serve.Web;

/// <summary>
/// The page at / (html/css/js embedded in the assembly) and what its "in the browser" switch needs:
/// onnxruntime-web's files (copied next to the assembly under ort/ at build) and the model file itself.
/// </summary>
public static class WebPage
{
    private static readonly Dictionary<string, string> OrtFiles = new(StringComparer.Ordinal)
    {
        ["ort.wasm.min.js"] = "text/javascript",
        ["ort-wasm-simd-threaded.mjs"] = "text/javascript",
        ["ort-wasm-simd-threaded.wasm"] = "application/wasm",
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(Resource("index.html"), "text/html; charset=utf-8"));
        app.MapGet("/page.js", () => Results.Content(Resource("page.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/page.css", () => Results.Content(Resource("page.css"), "text/css; charset=utf-8"));
        app.MapGet("/ort/{file}", (string file) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, "ort", file);
            return OrtFiles.TryGetValue(file, out var type) && File.Exists(path)
                ? Results.File(path, type)
                : Results.Problem(
                    statusCode: 404,
                    detail: $"'{file}' is not an onnxruntime-web file this server has (run "
                        + $"scripts/steps/runtime-onnxruntime-web.sh)"
                );
        });
        app.MapGet(
            "/v1/models/{model}/onnx",
            async (string model, ModelHost host, ServeOptions options, HttpContext context) =>
            {
                if (!options.AllowsDownload(model))
                    throw new Errors.ServeException(
                        403,
                        $"the file of model '{model}' is not handed out by this server (--no-download)",
                        "model"
                    );
                var version = await host.AcquireAsync(model, context.RequestAborted);
                return Results.File(version.FilePath, "application/octet-stream", $"{model}-{version.Version}.onnx");
            }
        );
    }

    private static string Resource(string name)
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream($"Mlops.Serve.Web.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
