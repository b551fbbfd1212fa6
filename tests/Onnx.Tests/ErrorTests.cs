using Mlops.Core.Errors;
using Mlops.Onnx.Model;

namespace Mlops.Onnx.Tests;

public class ErrorTests
{
    [Fact]
    public void A_file_that_is_not_onnx_raises_ort_message_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is a text file, not a protobuf ModelProto\n");
        try
        {
            var act = () => new InferenceSession(path);

            var error = act.Should().Throw<OnnxRuntimeException>().Which;
            error.Message.Should().Contain("Protobuf parsing failed");
            error.Code.Should().Be(OrtErrorCode.InvalidProtobuf);
            error.Where.Should().Be(path);
            error.Should().BeAssignableTo<MlopsException>("the CLI prints it without a stack trace");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_model_file_raises_ort_no_such_file()
    {
        var act = () => new InferenceSession("/nonexistent/model.onnx");

        act.Should().Throw<OnnxRuntimeException>().Which.Code.Should().Be(OrtErrorCode.NoSuchFile);
    }

    [Fact]
    public void Garbage_bytes_raise_instead_of_crashing()
    {
        var act = () => new InferenceSession(new byte[] { 0xFF, 0x00, 0x13, 0x37, 0x42 });

        act.Should().Throw<OnnxRuntimeException>().Which.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void An_unknown_input_name_raises_ort_message()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));
        var data = new float[5];

        var act = () => session.Run([TensorBuffer.Float("a", data, 1, 5), TensorBuffer.Float("bogus", data, 1, 5)]);

        act.Should().Throw<OnnxRuntimeException>().Which.Message.Should().Contain("Invalid input name: bogus");
    }

    [Fact]
    public void A_wrong_input_shape_raises_ort_message_and_the_session_still_works()
    {
        var (model, w, b) = TestModels.GemmRelu();
        using var session = new InferenceSession(TestModels.Bytes(model));

        var act = () => session.Run([TensorBuffer.Float("x", new float[6], 2, 3)]);

        var error = act.Should().Throw<OnnxRuntimeException>().Which;
        error.Message.Should().Contain("invalid dimensions").And.Contain("index: 1");
        error.Code.Should().Be(OrtErrorCode.InvalidArgument);

        var x = TestModels.Deterministic(4, seed: 3);
        session.Run([TensorBuffer.Float("x", x, 1, 4)])[0].AsFloats()
            .Should().Equal(CSharpReference.GemmRelu(x, 1, w, b, 4, 3), (p, q) => Math.Abs(p - q) < 1e-5f);
    }

    [Fact]
    public void A_wrong_element_type_raises_ort_message()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));

        var act = () => session.Run([TensorBuffer.Int64("a", new long[5], 1, 5), TensorBuffer.Float("b", new float[5], 1, 5)]);

        act.Should().Throw<OnnxRuntimeException>().Which.Message.Should().Contain("Unexpected input data type");
    }

    [Fact]
    public void An_output_buffer_of_the_wrong_shape_raises_ort_message()
    {
        using var session = new InferenceSession(TestModels.Bytes(TestModels.Add()));
        var data = new float[5];

        var act = () => session.Run(
            [TensorBuffer.Float("a", data, 1, 5), TensorBuffer.Float("b", data, 1, 5)],
            [TensorBuffer.Float("z", new float[10], 2, 5)]);

        act.Should().Throw<OnnxRuntimeException>();
    }

    [Fact]
    public void A_buffer_whose_length_does_not_match_its_shape_is_refused_before_ort()
    {
        var act = () => TensorBuffer.Float("x", new float[5], 2, 4);

        act.Should().Throw<ArgumentException>().WithMessage("*holds 8 elements but the buffer has 5*");
    }

    [Fact]
    public void An_op_ort_does_not_know_is_reported_when_the_session_is_created()
    {
        var graph = OnnxModels.Graph(
            "unknown_op",
            [OnnxNodes.Create("NoSuchOperator", "n", ["x"], ["y"])],
            [OnnxValueInfos.FloatWithDynamicBatch("x", 2)],
            [OnnxValueInfos.FloatWithDynamicBatch("y", 2)]);

        var act = () => new InferenceSession(TestModels.Bytes(OnnxModels.Create(graph)));

        act.Should().Throw<OnnxRuntimeException>().Which.Message.Should().Contain("NoSuchOperator");
    }
}
