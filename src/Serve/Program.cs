// Entry point of the serving image: the same server `mlops serve` starts, without the rest of the CLI.
// Arguments: --model name=path.onnx | fashion@production (repeatable), --registry URI, --port N (or env PORT),
// --drift-log DIR, --drift-upload BUCKET_URI, --drift-reference FILE; env MLOPS_MODELS holds models separated by ';'
// when no --model is given.
using Mlops.Onnx;
using Mlops.Serve;
using Mlops.Serve.Startup;

var timeline = new StartupTimeline();
timeline.Mark("main");

// Load ONNX Runtime (a 45 MB library) and create its environment on the second core while the host is built;
// a failure is not lost: the first model load meets the same error and reports it.
_ = Task.Run(() => OnnxSessions.RuntimeVersion);
var options = ServeArguments.Parse(args, out var port, out var hostArgs);

// No watcher on appsettings files: a container's configuration never changes while it runs, and the watcher costs start
// time.
var app = ServeApp.Build(["--hostBuilder:reloadConfigOnChange=false", .. hostArgs], options, builder =>
{
    if (port is { } p)
        builder.WebHost.UseUrls($"http://0.0.0.0:{p}");
    builder.AddStartupTimeline(timeline);
});
app.TrackStartup(timeline);
app.Run();

public partial class Program;
