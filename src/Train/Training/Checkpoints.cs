using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Core.IO;
using Mlops.Torch.Optim;
using Mlops.Torch.Serialization;
using Mlops.Train.Models;
using Mlops.Train.Runs;
using static TorchSharp.torch;

namespace Mlops.Train.Training;

/// <summary>
/// Checkpoint files: ONE safetensors file per checkpoint holding the weights, (for "last") the optimizer
/// state under <see cref="OptimizerPrefix"/>, and the <see cref="CheckpointInfo"/> as metadata — so a single
/// atomic write leaves either the old checkpoint or the new one, never a mix. A .json copy of the info sits
/// beside it for people and tools.
/// </summary>
public static class Checkpoints
{
    public const string InfoKey = "mlops.checkpoint";
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>The moving average of the weights (train.ema) in a "last" checkpoint, so --resume continues
    /// it.</summary>
    public const string AveragePrefix = "ema.";

    public static void Save(
        string path,
        ResNet model,
        CheckpointInfo info,
        optim.Optimizer? optimizer = null,
        ResNet? average = null
    )
    {
        info = info with { HasOptimizerState = optimizer is not null };
        var infoJson = JsonSerializer.Serialize(info, ArtifactJson.Options);
        var metadata = new Dictionary<string, string>(model.Description.ToMetadata()) { [InfoKey] = infoJson };
        var tensors = model.ToStateDict().Tensors.ToList();
        if (optimizer is not null)
        {
            using var scope = NewDisposeScope();
            foreach (var (name, value) in NamedOptimizerState.Save(optimizer, model))
                tensors.Add(new(OptimizerPrefix + name, value.ToTensorData()));
        }
        if (average is not null)
            tensors.AddRange(
                average.ToStateDict().Tensors.Select(t => KeyValuePair.Create(AveragePrefix + t.Key, t.Value))
            );
        StateDictFile.WriteSafetensors(path, new StateDict(tensors, metadata));
        AtomicFile.WriteAllText(
            Path.ChangeExtension(path, ".json"),
            JsonSerializer.Serialize(info, ArtifactJson.Indented) + "\n"
        );
    }

    /// <summary>Reads a checkpoint's info without building the model.</summary>
    public static CheckpointInfo ReadInfo(StateDict file, string path)
    {
        if (!file.Metadata.TryGetValue(InfoKey, out var json))
            throw new MlopsException(
                "not an mlops checkpoint: its metadata has no training information (was it written by `mlops train`?)",
                path
            );
        try
        {
            return JsonSerializer.Deserialize<CheckpointInfo>(json, ArtifactJson.Options)
                ?? throw new MlopsException("empty checkpoint information", path);
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable checkpoint information: {error.Message}", path, error);
        }
    }

    /// <summary>Rebuilds the network a checkpoint describes and loads its weights (strictly: every key must
    /// fit).</summary>
    /// <param name="adjust">Changes to the description that leave the weights' names and shapes alone (e.g. test-time
    /// flip).</param>
    public static (ResNet Model, CheckpointInfo Info) LoadModel(
        string path,
        Func<ResNetDescription, ResNetDescription>? adjust = null
    )
    {
        var file = StateDictFile.Read(path);
        var info = ReadInfo(file, path);
        var description = ResNetDescription.FromMetadata(file.Metadata, path);
        if (adjust is not null)
            description = adjust(description).Validate(path);
        var model = ResNets.Create(description);
        try
        {
            model.LoadStateDict(WeightsOnly(file), path, strict: true);
            return (model, info);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads the weights and optimizer state of a "last" checkpoint (already read from <paramref
    /// name="path"/>) into an existing model and optimizer (--resume).</summary>
    public static CheckpointInfo Restore(
        StateDict file,
        string path,
        ResNet model,
        optim.Optimizer optimizer,
        ResNet? average = null
    )
    {
        var info = ReadInfo(file, path);
        var description = ResNetDescription.FromMetadata(file.Metadata, path);
        if (description != model.Description)
            throw new MlopsException(
                $"the checkpoint is a {description} but the config builds a {model.Description}",
                path
            );
        if (!info.HasOptimizerState)
            throw new MlopsException(
                "this checkpoint has no optimizer state: resume from checkpoints/last.safetensors",
                path
            );
        model.LoadStateDict(WeightsOnly(file), path, strict: true);
        if (average is not null)
            RestoreAverage(file, path, average);
        using var scope = NewDisposeScope();
        var state = file
            .Tensors.Where(t => t.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[OptimizerPrefix.Length..], t => t.Value.ToTensor(), StringComparer.Ordinal);
        NamedOptimizerState.Load(optimizer, model, state, path);
        return info;
    }

    private static void RestoreAverage(StateDict file, string path, ResNet average)
    {
        var saved = file
            .Tensors.Where(t => t.Key.StartsWith(AveragePrefix, StringComparison.Ordinal))
            .Select(t => KeyValuePair.Create(t.Key[AveragePrefix.Length..], t.Value))
            .ToList();
        if (saved.Count == 0)
            throw new MlopsException(
                "the config averages the weights (train.ema) but this checkpoint has no average to continue: "
                    + "resume with the config the run started with",
                path
            );
        average.LoadStateDict(new StateDict(saved, file.Metadata), path, strict: true);
    }

    /// <summary>The network's tensors of a checkpoint, without the optimizer state and moving average a "last" one also
    /// holds.</summary>
    public static StateDict WeightsOnly(StateDict file) =>
        new(
            file.Tensors.Where(t =>
                !t.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)
                && !t.Key.StartsWith(AveragePrefix, StringComparison.Ordinal)
            ),
            file.Metadata
        )
        {
            Format = file.Format,
        };
}
