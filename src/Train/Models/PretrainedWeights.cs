using Mlops.Core.Errors;
using Mlops.Torch.Serialization;

namespace Mlops.Train.Models;

/// <summary>
/// Loads a pretrained .pth or .safetensors into a ResNet for fine-tuning. A head of another shape
/// (other num_classes) keeps its fresh initialisation and is reported; a first convolution made for other
/// input channels is adapted (<see cref="InputChannelAdapter"/>) and reported; a backbone that does not fit
/// (another depth or stem) is an error unless <c>allowPartial</c>, and then it is reported too.
/// </summary>
public static class PretrainedWeights
{
    public static bool IsHeadKey(string key) => key.StartsWith("fc.", StringComparison.Ordinal);

    public static PretrainedLoadReport Load(ResNet model, string path, bool allowPartial = false) =>
        Load(model, StateDictFile.Read(path), path, allowPartial);

    /// <summary>Loads weights already read from <paramref name="path"/> (a checkpoint's, without its optimizer
    /// state).</summary>
    public static PretrainedLoadReport Load(ResNet model, StateDict file, string path, bool allowPartial = false)
    {
        var (stateDict, adapted) = AdaptInputChannels(file, model);
        var backboneProblems = Problems(ModuleWeights.Compare(model, stateDict.Tensors))
            .Where(key => !IsHeadKey(key))
            .ToList();
        if (backboneProblems.Count > 0 && !allowPartial)
            throw new MlopsException(
                $"these weights do not fit {model.Description.Arch} (in_channels {model.Description.InChannels}, "
                    + $"small_stem {model.Description.SmallStem.ToString().ToLowerInvariant()}): "
                    + string.Join(", ", backboneProblems.Take(8))
                    + (backboneProblems.Count > 8 ? $" and {backboneProblems.Count - 8} more" : ""),
                path
            );
        var result = model.LoadStateDict(stateDict, path, strict: false);
        var loaded = model.state_dict().Count - result.MissingKeys.Count - result.ShapeMismatches.Count;
        return new PretrainedLoadReport(
            path,
            loaded,
            result.MissingKeys,
            result.UnexpectedKeys,
            result.ShapeMismatches,
            adapted
        );
    }

    /// <summary>Replaces a first convolution made for other input channels (ImageNet RGB into a grey model) by its
    /// adaptation.</summary>
    private static (StateDict File, IReadOnlyList<string> Adapted) AdaptInputChannels(StateDict file, ResNet model)
    {
        const string key = "conv1.weight";
        var target = model.conv1.weight.shape;
        if (
            !file.Tensors.TryGetValue(key, out var weight)
            || InputChannelAdapter.Adapt(weight, target) is not { } adapted
        )
            return (file, []);
        var tensors = file.Tensors.Select(t => t.Key == key ? new KeyValuePair<string, TensorData>(key, adapted) : t);
        var note = $"{key} adapted from {weight.Shape[1]} to {target[1]} input channels";
        return (new StateDict(tensors, file.Metadata) { Format = file.Format }, [note]);
    }

    /// <summary>Keys the model has but the file lacks, or has with another shape, plus file keys the model
    /// lacks.</summary>
    private static IEnumerable<string> Problems(LoadStateDictResult comparison) =>
        comparison
            .MissingKeys.Select(name => $"{name} (missing)")
            .Concat(
                comparison.ShapeMismatches.Select(m =>
                    $"{m.Key} (model [{string.Join(", ", m.Expected)}], file [{string.Join(", ", m.Actual)}])"
                )
            )
            .Concat(comparison.UnexpectedKeys.Select(name => $"{name} (not in the model)"));
}
