// Entry point of the serving image: the same server `mlops serve` starts, without the rest of the CLI.
// Arguments: --model name=path.onnx | fashion@production (repeatable), --registry URI, --port N (or env PORT),
// --drift-log DIR, --drift-upload BUCKET_URI; env MLOPS_MODELS holds models separated by ';' when no --model is given.
using Mlops.Serve;

var options = ServeArguments.Parse(args, out var port, out var hostArgs);
var app = ServeApp.Build(hostArgs, options, builder =>
{
    if (port is { } p) builder.WebHost.UseUrls($"http://0.0.0.0:{p}");
});
app.Run();

public partial class Program;
