using Mlops.Core.Errors;
using Mlops.Onnx.Model;
using Mlops.Torch;
using Mlops.Train.Models;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Export.Writer;

/// <summary>
/// Walks a C# module tree and emits the ONNX operators each module computes in eval mode: one case per module
/// type, containers recurse into their children. A module type with no case is refused by name, never guessed.
/// </summary>
public sealed class ModuleGraphWriter(OnnxGraphBuilder graph, bool foldBatchNorm)
{
    /// <summary>Emits <paramref name="module"/> applied to the value <paramref name="input"/>; returns the output value
    /// name.</summary>
    public string Write(nn.Module module, string path, string input) =>
        module switch
        {
            ResNet resnet => WriteChain(ResNetChain(resnet), path, input),
            Sequential sequential => WriteChain(sequential.named_children().ToList(), path, input),
            BasicBlock block => WriteResidual(
                [
                    ("conv1", block.conv1),
                    ("bn1", block.bn1),
                    ("relu", block.relu),
                    ("conv2", block.conv2),
                    ("bn2", block.bn2),
                ],
                block.downsample,
                ("relu", block.relu),
                path,
                input
            ),
            Bottleneck block => WriteResidual(
                [
                    ("conv1", block.conv1),
                    ("bn1", block.bn1),
                    ("relu", block.relu),
                    ("conv2", block.conv2),
                    ("bn2", block.bn2),
                    ("relu", block.relu),
                    ("conv3", block.conv3),
                    ("bn3", block.bn3),
                ],
                block.downsample,
                ("relu", block.relu),
                path,
                input
            ),
            Conv2d conv => WriteConv(conv, null, path, input),
            BatchNorm2d norm => WriteBatchNorm(norm, path, input),
            ReLU => graph.AddNode("Relu", path, [input]),
            MaxPool2d pool => WriteMaxPool(pool, path, input),
            AdaptiveAvgPool2d pool when pool.output_size.All(s => s == 1) => graph.AddNode(
                "GlobalAveragePool",
                path,
                [input]
            ),
            Flatten flatten when flatten.start_dim == 1 && flatten.end_dim == -1 => graph.AddNode(
                "Flatten",
                path,
                [input],
                OnnxNodes.Int("axis", 1)
            ),
            Linear linear => WriteLinear(linear, path, input),
            Identity or Dropout => input,
            _ => throw new MlopsException(
                $"cannot export module '{path}' of type {module.GetType().Name}: the ONNX writer knows Conv2d, "
                    + $"BatchNorm2d, ReLU, MaxPool2d, "
                    + "AdaptiveAvgPool2d(1), Flatten(1), Linear, Sequential, BasicBlock, Bottleneck, Identity, Dropout",
                path
            ),
        };

    /// <summary>ResNet.forward: the registered children in order, with the flatten(1) it does between avgpool and
    /// fc.</summary>
    private static List<(string, nn.Module)> ResNetChain(ResNet resnet)
    {
        var chain = new List<(string, nn.Module)>();
        foreach (var (name, child) in resnet.named_children())
        {
            if (ReferenceEquals(child, resnet.fc))
                chain.Add(("flatten", nn.Flatten()));
            chain.Add((name, child));
        }
        return chain;
    }

    private string WriteChain(IReadOnlyList<(string Name, nn.Module Module)> chain, string path, string input)
    {
        var value = input;
        for (var i = 0; i < chain.Count; i++)
        {
            var childPath = Join(path, chain[i].Name);
            if (
                foldBatchNorm
                && chain[i].Module is Conv2d conv
                && i + 1 < chain.Count
                && chain[i + 1].Module is BatchNorm2d norm
            )
            {
                value = WriteConv(conv, norm, childPath, value);
                i++;
                continue;
            }
            value = Write(chain[i].Module, childPath, value);
        }
        return value;
    }

    private string WriteResidual(
        IReadOnlyList<(string, nn.Module)> branch,
        Sequential? downsample,
        (string Name, nn.Module Module) finalRelu,
        string path,
        string input
    )
    {
        var main = WriteChain(branch, path, input);
        var identity = downsample is null ? input : Write(downsample, Join(path, "downsample"), input);
        var sum = graph.AddNode("Add", Join(path, "add"), [main, identity]);
        return Write(finalRelu.Module, Join(path, finalRelu.Name), sum);
    }

    private string WriteConv(Conv2d conv, BatchNorm2d? foldedNorm, string path, string input)
    {
        float[] weight;
        float[]? bias;
        if (foldedNorm is null)
        {
            weight = conv.weight.ToArray<float>();
            bias = conv.bias?.ToArray<float>();
        }
        else
        {
            (weight, bias) = BatchNormFolding.Fold(conv, foldedNorm, path);
        }
        var inputs = new List<string>
        {
            input,
            graph.AddInitializer(
                Join(path, "weight"),
                weight,
                conv.out_channels,
                conv.in_channels / conv.groups,
                conv.kernel_size[0],
                conv.kernel_size[1]
            ),
        };
        if (bias is not null)
            inputs.Add(graph.AddInitializer(Join(path, "bias"), bias, conv.out_channels));
        return graph.AddNode(
            "Conv",
            path,
            inputs,
            OnnxNodes.Ints("kernel_shape", conv.kernel_size),
            OnnxNodes.Ints("strides", conv.stride),
            OnnxNodes.Ints("pads", ConvPads(conv, path)),
            OnnxNodes.Ints("dilations", conv.dilation),
            OnnxNodes.Int("group", conv.groups)
        );
    }

    private string WriteBatchNorm(BatchNorm2d norm, string path, string input)
    {
        if (norm.running_mean is null || norm.running_var is null)
            throw new MlopsException("a BatchNorm without running statistics has no eval-mode ONNX form", path);
        var n = norm.num_features;
        var scale = norm.weight is null ? Enumerable.Repeat(1f, (int)n).ToArray() : norm.weight.ToArray<float>();
        var shift = norm.bias is null ? new float[n] : norm.bias.ToArray<float>();
        return graph.AddNode(
            "BatchNormalization",
            path,
            [
                input,
                graph.AddInitializer(Join(path, "weight"), scale, n),
                graph.AddInitializer(Join(path, "bias"), shift, n),
                graph.AddInitializer(Join(path, "running_mean"), norm.running_mean.ToArray<float>(), n),
                graph.AddInitializer(Join(path, "running_var"), norm.running_var.ToArray<float>(), n),
            ],
            OnnxNodes.Float("epsilon", (float)norm.eps)
        );
    }

    private string WriteMaxPool(MaxPool2d pool, string path, string input) =>
        graph.AddNode(
            "MaxPool",
            path,
            [input],
            OnnxNodes.Ints("kernel_shape", pool.kernel_size),
            OnnxNodes.Ints("strides", pool.stride),
            OnnxNodes.Ints("pads", Pads(pool.padding, path)),
            OnnxNodes.Ints("dilations", pool.dilation),
            OnnxNodes.Int("ceil_mode", pool.ceil_mode ? 1 : 0)
        );

    private string WriteLinear(Linear linear, string path, string input)
    {
        var inputs = new List<string>
        {
            input,
            graph.AddInitializer(
                Join(path, "weight"),
                linear.weight.ToArray<float>(),
                linear.out_features,
                linear.in_features
            ),
        };
        if (linear.bias is not null)
            inputs.Add(graph.AddInitializer(Join(path, "bias"), linear.bias.ToArray<float>(), linear.out_features));
        return graph.AddNode("Gemm", path, inputs, OnnxNodes.Int("transB", 1));
    }

    private static long[] ConvPads(Conv2d conv, string path) =>
        conv.padding_type == TorchSharp.Padding.Same
            ? throw new MlopsException("padding='same' convolutions are not exported; give explicit padding", path)
            : Pads(conv.padding, path);

    /// <summary>ONNX's begin and end pads for both spatial axes from PyTorch's symmetric (height, width)
    /// padding.</summary>
    private static long[] Pads(long[]? padding, string path)
    {
        padding ??= [0, 0];
        if (padding.Length != 2)
            throw new MlopsException($"padding [{string.Join(", ", padding)}] is not a (height, width) pair", path);
        return [padding[0], padding[1], padding[0], padding[1]];
    }

    private static string Join(string path, string name) => string.IsNullOrEmpty(path) ? name : $"{path}.{name}";
}
