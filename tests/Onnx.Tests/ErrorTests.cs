using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Errors;
using Mlops.Onnx.Model;

namespace Mlops.Onnx.Tests;

/// <summary>ORT's refusals arrive as our error naming the model, in ORT's words without its "[ErrorCode:…]".</summary>
public class ErrorTests
{
    [Fact]
    public void A_file_that_is_not_onnx_is_reported_at_its_path_with_orts_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is a text file, not a protobuf ModelProto\n");
        try
        {
            var act = () => OnnxSessions.Open(path);

            var error = act.Should().Throw<OnnxModelException>().Which;
            error.Message.Should().Contain("Protobuf parsing failed").And.NotContain("[ErrorCode");
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
    public void A_truncated_model_file_is_reported_at_its_path()
    {
        var bytes = TestModels.Bytes(TestModels.ConvBnPool().Model);
        var path = Path.Combine(Path.GetTempPath(), $"mlops-truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            var act = () => OnnxSessions.Open(path);

            act.Should().Throw<OnnxModelException>().Which.Where.Should().Be(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_model_file_is_no_such_file()
    {
        var act = () => OnnxSessions.Open("/nonexistent/model.onnx");

        var error = act.Should().Throw<OnnxModelException>().Which;
        error.Code.Should().Be(OrtErrorCode.NoSuchFile);
        error.Where.Should().Be("/nonexistent/model.onnx");
    }

    [Fact]
    public void Garbage_bytes_are_refused_at_the_name_given()
    {
        var act = () => OnnxSessions.Open(new byte[] { 0xFF, 0x00, 0x13, 0x37, 0x42 }, where: "upload.onnx");

        var error = act.Should().Throw<OnnxModelException>().Which;
        error.Message.Should().NotBeNullOrWhiteSpace();
        error.Where.Should().Be("upload.onnx");
    }

    [Fact]
    public void An_unknown_input_name_is_reported_with_orts_message()
    {
        using var session = OnnxSessions.Open(TestModels.Bytes(TestModels.GemmRelu().Model));

        var act = () => session.RunFloats("bogus", new float[4], [1, 4], ["y"], "m.onnx");

        act.Should().Throw<OnnxModelException>().Which.Message.Should().Contain("bogus");
    }

    [Fact]
    public void A_wrong_input_shape_is_invalid_argument_and_the_session_still_works()
    {
        var (model, w, b) = TestModels.GemmRelu();
        using var session = OnnxSessions.Open(TestModels.Bytes(model));

        var act = () => session.RunFloats(new float[6], [2, 3], "m.onnx");

        var error = act.Should().Throw<OnnxModelException>().Which;
        error.Message.Should().Contain("invalid dimensions").And.Contain("index: 1");
        error.Code.Should().Be(OrtErrorCode.InvalidArgument);
        error.Where.Should().Be("m.onnx");

        var x = TestModels.Deterministic(4, seed: 3);
        session
            .RunFloats(x, [1, 4], "m.onnx")
            .Should()
            .Equal(CSharpReference.GemmRelu(x, 1, w, b, 4, 3), (p, q) => Math.Abs(p - q) < 1e-5f);
    }

    [Fact]
    public void A_buffer_that_does_not_hold_its_shape_is_refused_as_ours_not_as_a_crash()
    {
        using var session = OnnxSessions.Open(TestModels.Bytes(TestModels.GemmRelu().Model));

        var act = () => session.RunFloats(new float[5], [2, 4], "m.onnx");

        var error = act.Should().Throw<OnnxModelException>().Which;
        error.Code.Should().Be(OrtErrorCode.InvalidArgument);
        error.Where.Should().Be("m.onnx");
    }

    [Fact]
    public void An_output_buffer_of_the_wrong_shape_is_refused()
    {
        using var session = OnnxSessions.Open(TestModels.Bytes(TestModels.GemmRelu().Model));

        var act = () => session.RunInto("x", new float[4], [1, 4], "y", new float[6], [2, 3], "m.onnx");

        act.Should().Throw<OnnxModelException>().Which.Where.Should().Be("m.onnx");
    }

    [Fact]
    public void An_op_ort_does_not_know_is_reported_when_the_session_is_created()
    {
        var graph = OnnxModels.Graph(
            "unknown_op",
            [OnnxNodes.Create("NoSuchOperator", "n", ["x"], ["y"])],
            [OnnxValueInfos.FloatWithDynamicBatch("x", 2)],
            [OnnxValueInfos.FloatWithDynamicBatch("y", 2)]
        );

        var act = () => OnnxSessions.Open(TestModels.Bytes(OnnxModels.Create(graph)));

        act.Should().Throw<OnnxModelException>().Which.Message.Should().Contain("NoSuchOperator");
    }

    [Fact]
    public void Session_options_reach_ort_and_their_refusal_is_ours_too()
    {
        var bytes = TestModels.Bytes(TestModels.GemmRelu().Model);
        // Asking ORT to read the bytes as its own ORT format makes it refuse a ModelProto: proof the entry applied.
        using var ortFormat = new SessionOptions();
        ortFormat.AddSessionConfigEntry("session.load_model_format", "ORT");

        var act = () => OnnxSessions.Open(bytes, ortFormat, "m.onnx");

        act.Should().Throw<OnnxModelException>().Which.Where.Should().Be("m.onnx");
    }
}
