using Mlops.Cli.Pipeline;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>
/// A stage for the runner's tests: writes <c>&lt;name&gt;.txt</c> holding its input value and its upstream files'
/// text, counts its runs, and fails on demand.
/// </summary>
internal sealed class FileStage(string name, string folder, params string[] dependsOn) : PipelineStage
{
    public string Input { get; set; } = "v1";
    public bool Fail { get; set; }
    public int Runs { get; private set; }

    /// <summary>What the stage writes; by default its input and its upstreams' outputs (so a changed upstream changes it).</summary>
    public Func<PipelineContext, string>? Content { get; set; }

    public string OutputPath => Path.Combine(folder, $"{name}.txt");

    public override string Name => name;

    public override IReadOnlyList<string> DependsOn => dependsOn;

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string> { ["value"] = Input };

    public override Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        Runs++;
        if (Fail)
            throw new Core.Errors.MlopsException("it broke on purpose", "fixture");
        var text = Content?.Invoke(context)
            ?? Input + string.Concat(dependsOn.Select(d => "|" + File.ReadAllText(context.Upstream(d).Values["file"])));
        File.WriteAllText(OutputPath, text);
        return Task.FromResult(
            new StageResult(
                [OutputPath],
                new Dictionary<string, string> { ["file"] = OutputPath },
                $"{name} wrote {text.Length} chars"
            )
        );
    }
}
