using Mlops.Core.Errors;

namespace Mlops.Train.Models;

/// <summary>One constructor per depth, like torchvision.models.resnet18/34/50.</summary>
public static class ResNets
{
    public static ResNet resnet18(
        int num_classes = 1000,
        int in_channels = 3,
        bool small_stem = false,
        bool zero_init_residual = false
    ) => Create(new ResNetDescription("resnet18", num_classes, in_channels, small_stem), zero_init_residual);

    public static ResNet resnet34(
        int num_classes = 1000,
        int in_channels = 3,
        bool small_stem = false,
        bool zero_init_residual = false
    ) => Create(new ResNetDescription("resnet34", num_classes, in_channels, small_stem), zero_init_residual);

    public static ResNet resnet50(
        int num_classes = 1000,
        int in_channels = 3,
        bool small_stem = false,
        bool zero_init_residual = false
    ) => Create(new ResNetDescription("resnet50", num_classes, in_channels, small_stem), zero_init_residual);

    /// <summary>Builds the network a description names (what an exporter or evaluator calls).</summary>
    public static ResNet Create(ResNetDescription description, bool zero_init_residual = false) =>
        description.Validate().Arch switch
        {
            "resnet18" => new ResNet(ResNetBlock.Basic, [2, 2, 2, 2], description, zero_init_residual),
            "resnet34" => new ResNet(ResNetBlock.Basic, [3, 4, 6, 3], description, zero_init_residual),
            "resnet50" => new ResNet(ResNetBlock.Bottleneck, [3, 4, 6, 3], description, zero_init_residual),
            var other => throw new MlopsException($"unknown architecture '{other}'", "model.arch"),
        };
}
