using Mlops.Core.Errors;
using Mlops.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Train.Models;

/// <summary>
/// Freezes named stages of a ResNet for fine-tuning: "stem" (the deep stem if any, conv1, bn1) and "layer1".."layer4".
/// Frozen parameters stop requiring gradients and frozen BatchNorms keep their running statistics
/// (they stay in eval mode even when the model trains).
/// </summary>
public static class StageFreezing
{
    public static readonly IReadOnlyList<string> Stages = ["stem", "layer1", "layer2", "layer3", "layer4"];

    /// <param name="where">Where the stage names came from (a config key), for the error message.</param>
    public static void Freeze(ResNet model, IEnumerable<string> stages, string where = "model.freeze")
    {
        foreach (var stage in stages)
        {
            var modules = StageModules(model, stage, where);
            foreach (var module in modules)
                module.RequiresGrad(false);
            var norms = modules
                .SelectMany(m => ModuleTree.NamedModules(m))
                .Select(m => m.Module)
                .OfType<BatchNorm2d>()
                .ToArray();
            foreach (var norm in norms)
                norm.eval();
            model.MarkFrozen(stage, norms);
        }
    }

    private static nn.Module[] StageModules(ResNet model, string stage, string where) =>
        stage switch
        {
            "stem" => model.stem is { } deep ? [deep, model.conv1, model.bn1] : [model.conv1, model.bn1],
            "layer1" => [model.layer1],
            "layer2" => [model.layer2],
            "layer3" => [model.layer3],
            "layer4" => [model.layer4],
            _ => throw new MlopsException(
                $"unknown stage '{stage}' to freeze (known: {string.Join(", ", Stages)})",
                where
            ),
        };
}
