using System.Globalization;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.Progress;
using Mlops.Data.Images;
using Mlops.Torch.Serialization;
using Mlops.Train.Config;
using Mlops.Train.Models;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Serilog;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Mlops.Train.Training;

/// <summary>
/// The training loop of `mlops train`: epochs of SGD/AdamW steps over the training loader, validation and
/// checkpoints after each epoch (best and last), early stopping, and a final evaluation on the test split
/// with the best weights. Deterministic for a given config and seed; --resume continues exactly.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainRequest _request;
    private readonly TrainConfig _config;
    private readonly RunFolder _run;
    private readonly ILogger _log;
    private readonly TrainingData _data;
    private readonly ResNet _model;
    private readonly Optimizer _optimizer;
    private readonly LRScheduler? _schedule;
    private readonly EarlyStopping _earlyStopping;
    private int _startEpoch;
    private long _globalStep;
    private readonly ComputeMode _compute;
    private readonly WeightAverage? _average;

    private Trainer(TrainRequest request, RunFolder run, ILogger log, TrainingData? data, SeededModel? built)
    {
        _request = request;
        _config = request.Config;
        _run = run;
        _log = log;

        _data = data ?? TrainingData.Load(_config, request.Provenance);
        Say(
            $"data: {_data.Prepared.Train.Count} training, {_data.Prepared.Validation.Count} validation, "
                + $"{_data.Test.Count} {_data.TestSplitName} images ({_data.Prepared.Dataset.Name}, fingerprint "
                + $"{_data.Prepared.Fingerprint.ViewSha256[..12]})"
        );

        (_model, var pretrained) = built ?? SeededModel.Build(_config);
        _compute = ComputeMode.ApplyTo(_model, _config.Train);
        _average = _config.Train.Ema.Enabled ? new WeightAverage(_model, _config.Train.Ema, _compute) : null;
        if (pretrained is not null)
            Say(pretrained.ToString());
        _optimizer = OptimizerBuilder.Build(_model, _config.Optim);
        _schedule = OptimizerBuilder.BuildSchedule(_optimizer, _config.Schedule, _config.Train.Epochs, StepsPerEpoch);
        _earlyStopping = new EarlyStopping(_config.Train.EarlyStopping);
    }

    private string DataFingerprint => _data.Prepared.Fingerprint.ViewSha256;

    private int StepsPerEpoch => Math.Max(1, _data.TrainLoader.BatchCount);

    /// <summary>The weights validation and the best checkpoint see: the moving average when train.ema is on.</summary>
    private ResNet EvaluatedModel => _average?.Model ?? _model;

    public static TrainOutcome Run(TrainRequest request, CancellationToken cancellation = default)
    {
        UseThreads(request.Config);
        using var ownStore = request.Store is null
            ? RunStore.Open(request.Config.Output.RunsDir, "output.runs_dir")
            : null;
        var store = request.Store ?? ownStore!;
        if (request.ResumeFrom is { } resume)
        {
            var previous = store.OpenForResume(resume);
            // Resuming a finished run would only re-run its final evaluation and rewrite its record.
            if (previous.Info.Status == RunStatus.Completed)
                throw new MlopsException(
                    "this run is complete: there is nothing to resume (its test result is in "
                        + $"{ArtifactNames.Evaluation}); to train it further, start a new run with "
                        + $"model.pretrained={previous.LastCheckpointPath}",
                    previous.Path
                );
            return Run(request, previous, data: null, built: null, cancellation);
        }
        // Missing or unusable data is bad input known before any work: refused before the run folder exists, so no
        // 'failed' run is left behind. What fails once the run has started (a diverging loss) is recorded in it.
        // So are pretrained weights that cannot be read or do not fit the network.
        var data = TrainingData.Load(request.Config, request.Provenance);
        var built = SeededModel.Build(request.Config);
        RunFolder run;
        try
        {
            run = RunFolder.Create(
                store.WorkFolder,
                request.Config.Name,
                request.ResolvedYaml,
                request.CommandLine,
                sourceFolder: request.SourceFolder,
                trial: request.Trial,
                mirror: store.NewRunMirror(),
                exactName: request.RunName
            );
        }
        catch
        {
            built.Model.Dispose();
            throw;
        }
        return Run(request, run, data, built, cancellation);
    }

    private static void UseThreads(TrainConfig config) =>
        torch.set_num_threads(config.Train.Threads > 0 ? config.Train.Threads : Environment.ProcessorCount);

    /// <summary>
    /// Trains in <paramref name="run"/>; <paramref name="data"/> and <paramref name="built"/> already made, or null to
    /// make them (a resume checks the data against the run's checkpoint).
    /// </summary>
    private static TrainOutcome Run(
        TrainRequest request,
        RunFolder run,
        TrainingData? data,
        SeededModel? built,
        CancellationToken cancellation
    )
    {
        using var log = new LoggerConfiguration()
            .WriteTo.File(run.LogPath, formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
        var resuming = request.ResumeFrom is not null;
        if (resuming && request.StartOverWithoutCheckpoint && !File.Exists(run.LastCheckpointPath))
        {
            run.Metrics.TruncateAfterEpoch(0);
            run.MarkResumed(request.CommandLine);
            resuming = false;
        }
        try
        {
            using var trainer = new Trainer(request, run, log, data, built);
            if (resuming)
                trainer.Resume();
            resuming = false;
            run.SetDataFingerprint(trainer.DataFingerprint);
            return trainer.TrainAndEvaluate(cancellation);
        }
        catch (OperationCanceledException)
        {
            run.MarkStopped(InterruptedPrefix + " continue with --resume " + run.Path);
            throw;
        }
        catch (MlopsException error) when (resuming)
        {
            // A refused resume (no or a corrupt last checkpoint) trained nothing: the run's record stays as it was.
            log.Error(error, "resume refused");
            throw;
        }
        catch (Exception error) when (LibTorchErrors.IsFromLibTorch(error))
        {
            var ours = LibTorchErrors.From(error, run.Path);
            log.Error(error, "training failed in libtorch");
            run.MarkFailed(ours.Message);
            throw ours;
        }
        catch (Exception error)
        {
            log.Error(error, "training failed");
            run.MarkFailed(error.Message);
            throw;
        }
    }

    private void Resume()
    {
        if (!File.Exists(_run.LastCheckpointPath))
            throw new MlopsException(
                "this run has no last checkpoint to resume from (it stopped before its first epoch ended)",
                _run.Path
            );
        // Replay the schedule to the saved step, then restore the optimizer (its saved lr must agree).
        var file = StateDictFile.Read(_run.LastCheckpointPath);
        var saved = Checkpoints.ReadInfo(file, _run.LastCheckpointPath);
        // Continuing on other images would make the run's curve, its val split and its recorded fingerprint lie.
        if (saved.DataFingerprint != DataFingerprint)
            throw new MlopsException(
                $"the data ({_data.Prepared.Dataset.Name}) changed since this run's last checkpoint (fingerprint "
                    + $"{DataFingerprint[..12]} now, "
                    + $"{saved.DataFingerprint[..Math.Min(12, saved.DataFingerprint.Length)]} recorded at epoch "
                    + $"{saved.Epoch}): "
                    + "resuming would continue on other images; restore the data or start a new run",
                _run.Path
            );
        for (long s = 0; s < saved.GlobalStep; s++)
            _schedule?.step();
        var info = Checkpoints.Restore(file, _run.LastCheckpointPath, _model, _optimizer, _average?.Model);
        _startEpoch = info.Epoch;
        _globalStep = info.GlobalStep;
        _earlyStopping.Restore(info.BestMetric, info.BestEpoch, info.EpochsWithoutImprovement);
        _run.Metrics.TruncateAfterEpoch(info.Epoch);
        _run.MarkResumed(_request.CommandLine);
        Say($"resuming {_run.Name} after epoch {info.Epoch} (step {info.GlobalStep})");
    }

    /// <summary>How the reason of a run stopped by Ctrl+C or SIGTERM begins: the one kind of stop that is
    /// resumed.</summary>
    public const string InterruptedPrefix = "interrupted;";

    private TrainOutcome TrainAndEvaluate(CancellationToken cancellation)
    {
        int epochs = _config.Train.Epochs;
        using var progress = _request.ShowProgress
            ? ProgressReporter.Start($"train {_run.Name}", (long)epochs * StepsPerEpoch)
            : ProgressReporter.StartPlain("train", (long)epochs * StepsPerEpoch, TextWriter.Null, TimeSpan.MaxValue);
        progress.Advance((long)_startEpoch * StepsPerEpoch);
        string? stopReason = null;
        int epoch = _startEpoch;
        for (; epoch < epochs && stopReason is null; epoch++)
        {
            progress.SetStatus($"epoch {epoch + 1}/{epochs}");
            var (trainLoss, trainAccuracy, lastLr, imagesPerSecond, seconds) = TrainEpoch(
                epoch,
                progress,
                cancellation
            );
            var validation = _data.ValidationLoader is { } loader
                ? Evaluator.Evaluate(EvaluatedModel, loader, _data.ClassNames, "validation", cancellation, _compute)
                : null;
            var metrics = new EpochMetrics(
                epoch + 1,
                _globalStep,
                trainLoss,
                trainAccuracy,
                validation?.Loss,
                validation?.Accuracy,
                lastLr,
                imagesPerSecond,
                seconds,
                _model.TrainingScale
            );
            _run.Metrics.AppendEpoch(metrics);
            bool best = validation is null || _earlyStopping.Observe(epoch + 1, validation.Loss, validation.Accuracy);
            var info = CheckpointInfoFor(epoch + 1, trainLoss, trainAccuracy, validation);
            if (best)
                Checkpoints.Save(_run.BestCheckpointPath, EvaluatedModel, info);
            Checkpoints.Save(_run.LastCheckpointPath, _model, info, _optimizer, _average?.Model);
            _run.RecordEpoch(metrics);
            Say(
                $"epoch {epoch + 1}/{epochs}: train loss {trainLoss:F4} acc {trainAccuracy:P2}"
                    + (
                        validation is null
                            ? ""
                            : $", val loss {validation.Loss:F4} acc {validation.Accuracy:P2}{(best ? " (best)" : "")}"
                    )
                    + (_model.TrainingScale < 1 ? $", trained at {_model.TrainingScale:0.###} scale" : "")
                    + $", {imagesPerSecond:F0} img/s, {seconds:F0} s"
            );
            // Validation runs the full network, so an epoch trained on a shrunk map cannot end the run.
            if (_earlyStopping.ShouldStop && _model.TrainingScale >= 1)
            {
                stopReason =
                    $"early stopping: {_earlyStopping.MetricName} has not improved for "
                    + $"{_earlyStopping.EpochsWithoutImprovement} "
                    + $"epoch{(_earlyStopping.EpochsWithoutImprovement == 1 ? "" : "s")} (best "
                    + $"{_earlyStopping.Best:F4} at epoch {_earlyStopping.BestEpoch})";
                progress.SetTotal((long)(epoch + 1) * StepsPerEpoch);
            }
            else if (epoch + 1 < epochs && _request.ContinueAfterEpoch?.Invoke(metrics) == false)
                stopReason = $"stopped by the caller after epoch {epoch + 1}";
            else if (epoch + 1 < epochs && _request.StopAfterEpoch?.Invoke(metrics) is { } reason)
                stopReason = reason;
        }
        if (stopReason is not null)
            Say(stopReason);
        var test = EvaluateBest(cancellation);
        if (stopReason is null)
            _run.MarkCompleted();
        else
            _run.MarkStopped(stopReason);
        return new TrainOutcome(_run.Path, _run.Name, epoch, stopReason is not null, stopReason, test);
    }

    /// <summary>One epoch of steps; Lr is the rate its last step ran at (the schedule has already moved on to the
    /// next).</summary>
    private (double Loss, double Accuracy, double Lr, double ImagesPerSecond, double Seconds) TrainEpoch(
        int epoch,
        IProgressReporter progress,
        CancellationToken cancellation
    )
    {
        _model.train();
        _model.TrainingScale = _config.Train.ProgressiveResizing.ScaleAt(epoch + 1);
        double labelSmoothing = _config.Train.LabelSmoothing;
        var epochWindow = new StepWindow();
        var logWindow = new StepWindow();
        double lr = CurrentLr;
        foreach (var batch in _data.TrainLoader.Epoch(epoch, cancellation))
        {
            cancellation.ThrowIfCancellationRequested();
            lr = CurrentLr; // read before the schedule moves it: metrics record the rate the step ran at
            var (loss, correct) = TrainingStep.Run(
                _model,
                _optimizer,
                batch.ImageData,
                batch.Shape,
                batch.LabelData,
                labelSmoothing,
                value =>
                    $"the loss became {value} at epoch {epoch + 1}, step {_globalStep + 1} (lr {CurrentLr:G4}); "
                    + (epoch == 0 ? "no checkpoint was written" : $"the last good checkpoint (epoch {epoch}) is kept")
                    + " — lower optim.lr or add schedule.warmup_epochs",
                _compute
            );
            _schedule?.step();
            _globalStep++;
            if (_run.Info.FirstStepUtc is null)
                _run.MarkFirstStep();
            _average?.Update(_globalStep);
            epochWindow.Add(loss, correct, batch.Count);
            logWindow.Add(loss, correct, batch.Count);
            if (_globalStep % _config.Train.LogEverySteps == 0)
            {
                _run.Metrics.AppendStep(
                    new StepMetrics(
                        epoch + 1,
                        _globalStep,
                        logWindow.Loss,
                        logWindow.Accuracy,
                        lr,
                        logWindow.ImagesPerSecond
                    )
                );
                logWindow.Reset();
            }
            progress.Advance(1, ("loss", loss), ("acc", epochWindow.Accuracy), ("img/s", epochWindow.ImagesPerSecond));
        }
        return (epochWindow.Loss, epochWindow.Accuracy, lr, epochWindow.ImagesPerSecond, epochWindow.Seconds);
    }

    /// <summary>
    /// The final evaluation, with the best weights (by validation) rather than the last ones; the same pass gives the
    /// drift reference (each image's input statistics, prediction and confidence).
    /// </summary>
    private EvaluationResult EvaluateBest(CancellationToken cancellation)
    {
        if (File.Exists(_run.BestCheckpointPath))
            _model.LoadStateDict(StateDictFile.Read(_run.BestCheckpointPath), _run.BestCheckpointPath, strict: true);
        var reference = new List<DriftRecord>(_data.Test.Count);
        var result = Evaluator.Evaluate(
            _model,
            _data.TestLoader,
            _data.ClassNames,
            _data.TestSplitName,
            cancellation,
            _compute,
            (batch, logits) =>
                reference.AddRange(
                    DriftReferenceWriter.Describe(
                        batch,
                        logits,
                        _data.ClassNames,
                        _data.Normalization,
                        _data.TestSplitName,
                        _run.Name
                    )
                )
        );
        EvaluationReportFile.Write(
            _run.EvaluationPath,
            EvaluationReport.From(result) with
            {
                Checkpoint = "best",
                Epoch = _earlyStopping.BestEpoch,
            }
        );
        Say(
            $"{result.Split} accuracy {result.Accuracy:P2} on {result.Images} images (loss {result.Loss:F4}) → "
                + $"{_run.EvaluationPath}"
        );
        Say($"drift reference: {DriftReferenceWriter.Write(_run, reference)}");
        return result;
    }

    private CheckpointInfo CheckpointInfoFor(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        EvaluationResult? validation
    ) =>
        new()
        {
            Run = _run.Name,
            Epoch = epoch,
            GlobalStep = _globalStep,
            Arch = _model.Description.Arch,
            NumClasses = _model.Description.NumClasses,
            InChannels = _model.Description.InChannels,
            SmallStem = _model.Description.SmallStem,
            ImageSize = _data.Prepared.Dataset.Width,
            ClassNames = _data.ClassNames,
            NormalizeMean = _data.Normalization.Mean,
            NormalizeStd = _data.Normalization.Std,
            DataFingerprint = DataFingerprint,
            TrainLoss = trainLoss,
            TrainAccuracy = trainAccuracy,
            ValLoss = validation?.Loss,
            ValAccuracy = validation?.Accuracy,
            BestMetric = _earlyStopping.Best,
            BestEpoch = _earlyStopping.BestEpoch,
            EpochsWithoutImprovement = _earlyStopping.EpochsWithoutImprovement,
        };

    private void Say(string message)
    {
        _log.Information("{Message}", message);
        _request.Output.WriteLine(message);
    }

    /// <summary>The rate of the first parameter group (groups differ only in weight decay).</summary>
    private double CurrentLr => _optimizer.ParamGroups.First().LearningRate;

    public void Dispose()
    {
        _average?.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }
}
