using System.Diagnostics;
using Mlops.Core.Errors;
using Mlops.Core.Hashing;

namespace Mlops.Cli.Pipeline;

/// <summary>
/// Runs stages in order like `dvc repro`: a stage whose inputs hash matches its lock record and whose outputs
/// are still in place is skipped and says so; anything else runs and is recorded at once. A failure stops the
/// pipeline naming the stage; what finished before it stays in the lock.
/// </summary>
public sealed class PipelineRunner(IReadOnlyList<PipelineStage> stages, PipelineLock lockFile, PipelineContext context)
{
    public async Task<IReadOnlyList<StageOutcome>> RunAsync(
        RunOptions options,
        CancellationToken cancellation = default
    )
    {
        context.Lock = lockFile;
        CheckStageName(options.Only, "--only");
        CheckStageName(options.Until, "--until");
        var outcomes = new List<StageOutcome>();
        foreach (var stage in stages)
        {
            if (options.Only is not null && options.Only != stage.Name)
            {
                // Not asked for: later stages still read what it left last time.
                if (lockFile.Find(stage.Name) is { } previous)
                    context.Finished(stage.Name, previous);
            }
            else
                outcomes.Add(await RunStageAsync(stage, options.Force, cancellation));
            if (stage.Name == options.Until)
                break;
        }
        return outcomes;
    }

    private async Task<StageOutcome> RunStageAsync(PipelineStage stage, bool force, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var inputs = AllInputs(stage);
        var inputsHash = ContentHash.Combine(inputs);
        var previous = lockFile.Find(stage.Name);
        if (!force && previous is not null && previous.InputsHash == inputsHash)
        {
            var missing = MissingOutput(previous)
                ?? (await stage.IsStillInPlaceAsync(previous, context, cancellation) ? null : "its result is gone");
            if (missing is null)
            {
                context.Output.WriteLine($"{stage.Name}: unchanged (inputs {inputsHash[..8]}…), skipped");
                context.Finished(stage.Name, previous);
                return new StageOutcome(
                    stage.Name,
                    StageStatus.Skipped,
                    Stopwatch.GetElapsedTime(started),
                    previous.KeyOutput
                );
            }
            context.Output.WriteLine($"{stage.Name}: {missing}, running again");
        }
        else
            context.Output.WriteLine($"{stage.Name}: {Reason(force, previous, inputs)}, running");

        StageResult result;
        try
        {
            result = await stage.RunAsync(context, cancellation);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var what = error is MlopsException user ? user.ToString() : error.Message;
            throw new MlopsException(
                $"stage '{stage.Name}' failed: {what}; the stages before it are kept in {PipelineLock.FileName}",
                $"pipeline stage {stage.Name}",
                error
            );
        }
        var record = Record(inputs, inputsHash, result, Stopwatch.GetElapsedTime(started));
        lockFile.Record(stage.Name, record);
        context.Finished(stage.Name, record);
        context.Output.WriteLine($"{stage.Name}: done in {record.Seconds:F1} s — {result.KeyOutput}");
        return new StageOutcome(stage.Name, StageStatus.Ran, Stopwatch.GetElapsedTime(started), result.KeyOutput);
    }

    private SortedDictionary<string, string> AllInputs(PipelineStage stage)
    {
        var inputs = new SortedDictionary<string, string>(stage.Inputs(context).ToDictionary(), StringComparer.Ordinal);
        foreach (var upstream in stage.DependsOn)
            inputs[$"upstream.{upstream}"] = context.Upstream(upstream).OutputsHash;
        return inputs;
    }

    private StageRecord Record(
        SortedDictionary<string, string> inputs,
        string inputsHash,
        StageResult result,
        TimeSpan time
    )
    {
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in result.Files)
        {
            if (!File.Exists(file))
                throw new MlopsException("a stage reported an output file it did not write", file);
            outputs[Path.GetRelativePath(context.BaseFolder, file).Replace('\\', '/')] = ContentHash.OfFile(file);
        }
        var values = new SortedDictionary<string, string>(result.Values.ToDictionary(), StringComparer.Ordinal);
        var outputsHash = ContentHash.Combine(
            outputs
                .Select(o => KeyValuePair.Create("file:" + o.Key, o.Value))
                .Concat(values.Select(v => KeyValuePair.Create("value:" + v.Key, v.Value)))
        );
        return new StageRecord
        {
            InputsHash = inputsHash,
            Inputs = inputs,
            Outputs = outputs,
            OutputsHash = outputsHash,
            Values = values,
            KeyOutput = result.KeyOutput,
            Seconds = Math.Round(time.TotalSeconds, 2),
            FinishedUtc = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The first output file that vanished or changed since the stage wrote it, as a reason to
    /// rerun.</summary>
    private string? MissingOutput(StageRecord record)
    {
        foreach (var (relative, sha) in record.Outputs)
        {
            var path = context.Resolve(relative);
            if (!File.Exists(path))
                return $"output {relative} is missing";
            if (ContentHash.OfFile(path) != sha)
                return $"output {relative} changed";
        }
        return null;
    }

    private static string Reason(bool force, StageRecord? previous, SortedDictionary<string, string> inputs)
    {
        if (force)
            return "--force";
        if (previous is null)
            return "no previous run";
        var changed = inputs
            .Where(i => previous.Inputs.GetValueOrDefault(i.Key) != i.Value)
            .Select(i => i.Key)
            .Concat(previous.Inputs.Keys.Where(k => !inputs.ContainsKey(k)))
            .ToList();
        return $"changed: {string.Join(", ", changed)}";
    }

    private void CheckStageName(string? name, string option)
    {
        if (name is not null && stages.All(s => s.Name != name))
            throw new MlopsException(
                $"no stage '{name}': the stages are {string.Join(", ", stages.Select(s => s.Name))}",
                option
            );
    }
}
