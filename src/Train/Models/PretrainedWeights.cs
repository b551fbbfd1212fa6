using Mlops.Core.Errors;
using Mlops.Torch;
using Mlops.Torch.Serialization;

namespace Mlops.Train.Models;

/// <summary>
/// Loads a pretrained .pth or .safetensors into a ResNet for fine-tuning. A head of another shape
/// (other num_classes) keeps its fresh initialisation and is reported; a backbone that does not fit
/// (another depth, stem or in_channels) is an error unless <c>allowPartial</c>, and then it is reported too.
/// </summary>
public static class PretrainedWeights
{
    public static bool IsHeadKey(string key) => key.StartsWith("fc.", StringComparison.Ordinal);

    public static PretrainedLoadReport Load(ResNet model, string path, bool allowPartial = false)
    {
        var stateDict = StateDictFile.Read(path);
        var backboneProblems = Problems(model.state_dict(), stateDict).Where(key => !IsHeadKey(key)).ToList();
        if (backboneProblems.Count > 0 && !allowPartial)
            throw new MlopsException(
                $"these weights do not fit {model.Description.Arch} (in_channels {model.Description.InChannels}, " +
                $"small_stem {model.Description.SmallStem.ToString().ToLowerInvariant()}): " +
                string.Join(", ", backboneProblems.Take(8)) + (backboneProblems.Count > 8 ? $" and {backboneProblems.Count - 8} more" : ""),
                path);
        var result = model.LoadStateDict(stateDict, path, strict: false);
        var loaded = model.state_dict().Count - result.MissingKeys.Count - result.ShapeMismatches.Count;
        return new PretrainedLoadReport(path, loaded, result.MissingKeys, result.UnexpectedKeys, result.ShapeMismatches);
    }

    /// <summary>Keys the model has but the file lacks, or has with another shape, plus file keys the model lacks.</summary>
    private static IEnumerable<string> Problems(OrderedDictionary<string, Tensor> own, StateDict file)
    {
        foreach (var (name, target) in own)
        {
            if (!file.Tensors.TryGetValue(name, out var value)) yield return $"{name} (missing)";
            else if (!target.shape.AsSpan().SequenceEqual(value.Shape))
                yield return $"{name} (model [{string.Join(", ", target.shape)}], file [{string.Join(", ", value.Shape)}])";
        }
        foreach (var name in file.Keys.Where(k => !own.ContainsKey(k)))
            yield return $"{name} (not in the model)";
    }
}
