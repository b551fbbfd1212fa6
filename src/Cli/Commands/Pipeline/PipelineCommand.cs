using System.CommandLine;
using Mlops.Cli.Pipeline;
using Mlops.Core.Config;

namespace Mlops.Cli.Commands.Pipeline;

/// <summary>`mlops pipeline run --config configs/pipeline.yaml [--force] [--only stage] [--until stage]`.</summary>
public static class PipelineCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "Pipeline YAML",
            DefaultValueFactory = _ => "configs/pipeline.yaml",
        };
        var force = new Option<bool>("--force") { Description = "Run every stage, even unchanged ones" };
        var only = new Option<string?>("--only")
        {
            Description = "Run only this stage (the others' last results are used)",
        };
        var until = new Option<string?>("--until") { Description = "Stop after this stage" };
        var overrides = new Argument<string[]>("overrides")
        {
            Description = "key.path=value for the pipeline config (registry=gs://bucket/models)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var run = new Command(
            "run",
            "train → export → quantize → evaluate → register → image → "
                + "push (when image.push is set) → deploy → "
                + "smoke; unchanged stages are skipped (pipeline.lock)"
        )
        {
            config,
            force,
            only,
            until,
            overrides,
        };
        run.SetAction(
            async (parse, cancellation) =>
            {
                try
                {
                    var path = parse.GetValue(config)!;
                    if (!File.Exists(path))
                        throw new Core.Errors.MlopsException("pipeline config not found", path);
                    var loaded = ConfigLoader.Load<PipelineConfig>(path, parse.GetValue(overrides) ?? []);
                    var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
                    var outcomes = await PipelineSession.RunAsync(
                        loaded.Value,
                        folder,
                        Environment.CurrentDirectory,
                        PipelineDefinition.TrainConfigFile(loaded.Value, folder),
                        new RunOptions(parse.GetValue(force), parse.GetValue(only), parse.GetValue(until)),
                        Console.Out,
                        !Console.IsOutputRedirected,
                        cancellation,
                        loaded.Provenance
                    );
                    PipelineSummary.Print(outcomes, Console.Out);
                    return 0;
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return new Command("pipeline", "The whole pipeline, stage by stage, with a lock file like dvc.lock") { run };
    }
}
