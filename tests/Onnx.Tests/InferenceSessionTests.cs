using Mlops.Onnx.Model;

namespace Mlops.Onnx.Tests;

public class InferenceSessionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Gemm_relu_matches_the_csharp_reference_for_any_batch(int batch)
    {
        var (model, w, b) = TestModels.GemmRelu();
        using var session = new InferenceSession(TestModels.Bytes(model));
        var x = TestModels.Deterministic(batch * 4, seed: 10);

        var outputs = session.Run([TensorBuffer.Float("x", x, batch, 4)]);

        outputs.Should().ContainSingle();
        outputs[0].Name.Should().Be("y");
        outputs[0].ElementType.Should().Be(TensorElementType.Float);
        outputs[0].Shape.Should().Equal(batch, 3);
        var expected = CSharpReference.GemmRelu(x, batch, w, b, 4, 3);
        outputs[0].AsFloats().Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-5f);
        expected.Should().Contain(v => v == 0f, "the test must exercise Relu's clamp").And.Contain(v => v > 0f);
    }

    [Fact]
    public void Conv_batchnorm_relu_globalaveragepool_matches_the_csharp_reference()
    {
        var (model, weights) = TestModels.ConvBnPool();
        using var session = new InferenceSession(TestModels.Bytes(model), new SessionOptions { IntraOpThreads = 2 });
        const int batch = 3;
        var x = TestModels.Deterministic(batch * 2 * 5 * 5, seed: 11);

        var y = session.Run([TensorBuffer.Float("x", x, batch, 2, 5, 5)])[0];

        y.Shape.Should().Equal(batch, 3, 1, 1);
        var expected = CSharpReference.ConvBnPool(x, batch, 2, 5, 5, weights, 3);
        y.AsFloats().Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-5f);
    }

    [Fact]
    public void Add_takes_two_named_inputs_in_any_order()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));
        var a = TestModels.Deterministic(10, seed: 5);
        var b = TestModels.Deterministic(10, seed: 6);

        var z = session.Run([TensorBuffer.Float("b", b, 2, 5), TensorBuffer.Float("a", a, 2, 5)])[0].AsFloats();

        z.Should().Equal(a.Zip(b, (p, q) => p + q));
    }

    [Fact]
    public void Int64_inputs_and_outputs_round_trip()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.AddInt64()));
        long[] a = [1, -2, long.MaxValue - 5];
        long[] b = [10, 20, 5];

        var z = session.Run([TensorBuffer.Int64("a", a, 3), TensorBuffer.Int64("b", b, 3)])[0];

        z.ElementType.Should().Be(TensorElementType.Int64);
        z.AsInt64s().Should().Equal(11, 18, long.MaxValue);
    }

    [Fact]
    public void Inputs_are_read_from_caller_memory_without_a_copy_and_outputs_can_be_written_into_a_caller_buffer()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));
        var a = new float[5];
        var b = new float[] { 1, 2, 3, 4, 5 };
        var z = new float[5];
        var inputs = new[] { TensorBuffer.Float("a", a, 1, 5), TensorBuffer.Float("b", b, 1, 5) };
        var outputs = new[] { TensorBuffer.Float("z", z, 1, 5) };

        // The same wrappers see later writes to the arrays: ORT reads the caller's memory itself.
        session.Run(inputs, outputs);
        z.Should().Equal(1, 2, 3, 4, 5);
        a[0] = 100;
        a[4] = -5;
        session.Run(inputs, outputs);
        z.Should().Equal(101, 2, 3, 4, 0);
    }

    [Fact]
    public void A_slice_of_a_larger_array_is_used_in_place()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));
        var storage = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();

        var z = session.Run([TensorBuffer.Float("a", storage.AsMemory(5, 5), 1, 5), TensorBuffer.Float("b", storage.AsMemory(10, 5), 1, 5)])[0];

        z.AsFloats().Should().Equal(15, 17, 19, 21, 23);
    }

    [Fact]
    public void Input_and_output_metadata_show_names_types_and_dynamic_batch()
    {
        var (model, _) = TestModels.ConvBnPool();
        using var session = new InferenceSession(TestModels.Bytes(model));

        session.Inputs.Should().ContainSingle();
        var input = session.Inputs[0];
        input.Name.Should().Be("x");
        input.ElementType.Should().Be(TensorElementType.Float);
        input.Shape.Should().Equal(-1, 2, 5, 5);
        input.SymbolicShape[0].Should().Be("batch");
        session.Outputs.Single().Shape.Should().Equal(-1, 3, 1, 1);
        session.OutputNames.Should().Equal("y");
        InferenceSession.RuntimeVersion.Should().Be("1.30.0");
    }

    [Fact]
    public void A_session_loads_from_a_file_path_and_every_optimisation_level_gives_the_same_answer()
    {
        var (model, w, b) = TestModels.GemmRelu();
        var path = Path.Combine(Path.GetTempPath(), $"mlops-onnx-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Write(path, model);
        try
        {
            var x = TestModels.Deterministic(8, seed: 12);
            var expected = CSharpReference.GemmRelu(x, 2, w, b, 4, 3);
            foreach (var level in Enum.GetValues<GraphOptimizationLevel>())
            {
                foreach (var mode in Enum.GetValues<ExecutionMode>())
                {
                    var options = new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1, OptimizationLevel = level, ExecutionMode = mode };
                    using var session = new InferenceSession(path, options);
                    session.Run([TensorBuffer.Float("x", x, 2, 4)])[0].AsFloats()
                        .Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-5f);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Only_the_outputs_asked_for_are_returned()
    {
        var graph = OnnxModels.Graph(
            "two_outputs",
            [OnnxNodes.Create("Relu", "r", ["x"], ["pos"]), OnnxNodes.Create("Neg", "n", ["x"], ["neg"])],
            [OnnxValueInfos.FloatWithDynamicBatch("x", 2)],
            [OnnxValueInfos.FloatWithDynamicBatch("pos", 2), OnnxValueInfos.FloatWithDynamicBatch("neg", 2)]);
        using var session = new InferenceSession(TestModels.Bytes(OnnxModels.Create(graph)));

        var outputs = session.Run([TensorBuffer.Float("x", new float[] { -1, 2 }, 1, 2)], ["neg"]);

        outputs.Should().ContainSingle().Which.AsFloats().Should().Equal(1, -2);
    }

    [Fact]
    public void Session_config_entries_reach_ort()
    {
        var bytes = TestModels.Bytes(TestModels.Add());
        var noSpinning = new SessionOptions { ConfigEntries = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = "0" } };
        using (var session = new InferenceSession(bytes, noSpinning))
        {
            session.Run([TensorBuffer.Float("a", new float[5], 1, 5), TensorBuffer.Float("b", new float[] { 1, 2, 3, 4, 5 }, 1, 5)])[0].AsFloats().Should().Equal(1, 2, 3, 4, 5);
        }

        // Asking ORT to read the bytes as its own ORT format makes it refuse an ONNX ModelProto: proof the entry was applied.
        var ortFormat = new SessionOptions { ConfigEntries = new Dictionary<string, string> { ["session.load_model_format"] = "ORT" } };
        var act = () => new InferenceSession(bytes, ortFormat);
        act.Should().Throw<OnnxRuntimeException>();
    }
}
