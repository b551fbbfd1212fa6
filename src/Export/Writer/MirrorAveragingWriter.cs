using Mlops.Onnx.Model;

namespace Mlops.Export.Writer;

/// <summary>
/// The ONNX form of a ResNet's test-time flip (ResNet.forward in eval mode): the batch and its left-right mirror go
/// through the network as one batch of 2N, and the two halves of the logits are averaged.
/// </summary>
public static class MirrorAveragingWriter
{
    private const string Path = "test_time_flip";

    /// <param name="network">Writes the network on a value and returns its logits' value name.</param>
    public static string Write(OnnxGraphBuilder graph, string input, int classes, Func<string, string> network)
    {
        // Slice with step -1 over the width axis (NCHW axis 3), from the last column to before the first.
        var mirrored = graph.AddNode(
            "Slice",
            $"{Path}.mirror",
            [
                input,
                graph.AddInt64Initializer($"{Path}.starts", [-1], 1),
                graph.AddInt64Initializer($"{Path}.ends", [long.MinValue], 1),
                graph.AddInt64Initializer($"{Path}.axes", [3], 1),
                graph.AddInt64Initializer($"{Path}.steps", [-1], 1),
            ]
        );
        var both = graph.AddNode("Concat", $"{Path}.concat", [input, mirrored], OnnxNodes.Int("axis", 0));
        var logits = network(both);
        var halves = graph.AddNode(
            "Reshape",
            $"{Path}.halves",
            [logits, graph.AddInt64Initializer($"{Path}.shape", [2, -1, classes], 3)]
        );
        return graph.AddNode(
            "ReduceMean",
            $"{Path}.mean",
            [halves],
            OnnxNodes.Ints("axes", 0),
            OnnxNodes.Int("keepdims", 0)
        );
    }
}
