using Microsoft.ML.OnnxRuntime;
using Mlops.Onnx.Model;

namespace Mlops.Onnx.Tests;

/// <summary>Graphs built with our types run on ORT and match C# references; our run helpers use caller memory.</summary>
public class GraphRunTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Gemm_relu_matches_the_csharp_reference_for_any_batch(int batch)
    {
        var (model, w, b) = TestModels.GemmRelu();
        using var session = OnnxSessions.Open(TestModels.Bytes(model));
        var x = TestModels.Deterministic(batch * 4, seed: 10);

        var y = session.RunFloats(x, [batch, 4], "m");

        var expected = CSharpReference.GemmRelu(x, batch, w, b, 4, 3);
        y.Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-5f);
        expected.Should().Contain(v => v == 0f, "the test must exercise Relu's clamp").And.Contain(v => v > 0f);
    }

    [Fact]
    public void Conv_batchnorm_relu_globalaveragepool_matches_the_csharp_reference_at_every_optimisation_level()
    {
        var (model, weights) = TestModels.ConvBnPool();
        const int batch = 3;
        var x = TestModels.Deterministic(batch * 2 * 5 * 5, seed: 11);
        var expected = CSharpReference.ConvBnPool(x, batch, 2, 5, 5, weights, 3);
        foreach (var level in Enum.GetValues<GraphOptimizationLevel>())
        {
            using var options = new SessionOptions { GraphOptimizationLevel = level, IntraOpNumThreads = 2 };
            using var session = OnnxSessions.Open(TestModels.Bytes(model), options);

            session.RunFloats(x, [batch, 2, 5, 5], "m").Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-5f);
        }
    }

    [Fact]
    public void Inputs_are_read_from_caller_memory_and_outputs_written_into_a_caller_buffer()
    {
        var (model, w, b) = TestModels.GemmRelu();
        using var session = OnnxSessions.Open(TestModels.Bytes(model));
        var storage = TestModels.Deterministic(20, seed: 4);
        var y = new float[3];

        // A slice of a larger array is used in place, and the output lands in our own array.
        session.RunInto("x", storage.AsMemory(8, 4), [1, 4], "y", y, [1, 3], "m");

        y.Should().Equal(CSharpReference.GemmRelu(storage[8..12], 1, w, b, 4, 3), (p, q) => Math.Abs(p - q) < 1e-5f);
    }

    [Fact]
    public void Only_the_outputs_asked_for_are_returned_in_the_order_asked()
    {
        var graph = OnnxModels.Graph(
            "two_outputs",
            [OnnxNodes.Create("Relu", "r", ["x"], ["pos"]), OnnxNodes.Create("Neg", "n", ["x"], ["neg"])],
            [OnnxValueInfos.FloatWithDynamicBatch("x", 2)],
            [OnnxValueInfos.FloatWithDynamicBatch("pos", 2), OnnxValueInfos.FloatWithDynamicBatch("neg", 2)]
        );
        using var session = OnnxSessions.Open(TestModels.Bytes(OnnxModels.Create(graph)));

        var outputs = session.RunFloats("x", new float[] { -1, 2 }, [1, 2], ["neg", "pos"], "m");

        outputs.Should().HaveCount(2);
        outputs[0].Should().Equal(1, -2);
        outputs[1].Should().Equal(0, 2);
    }

    [Fact]
    public void Signatures_describe_names_types_and_the_dynamic_batch_by_its_name()
    {
        var (model, _) = TestModels.ConvBnPool();
        using var session = OnnxSessions.Open(TestModels.Bytes(model));

        var input = session.InputMetadata["x"];
        OnnxSignatures.Shape(input).Should().Equal(-1, 2, 5, 5);
        OnnxSignatures.Describe("x", input).Should().Be("x: Float[batch, 2, 5, 5]");
        OnnxSignatures.Shape(session.OutputMetadata["y"]).Should().Equal(-1, 3, 1, 1);
        OnnxSessions.RuntimeVersion.Should().Be("1.32.0");
    }
}
