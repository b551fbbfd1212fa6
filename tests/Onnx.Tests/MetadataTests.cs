using Mlops.Onnx.Model;

namespace Mlops.Onnx.Tests;

public class MetadataTests
{
    [Fact]
    public void Model_fields_and_metadata_props_written_with_our_types_are_read_back_by_ort()
    {
        var (model, _, _) = TestModels.GemmRelu();
        var custom = new Dictionary<string, string>
        {
            ["labels"] = "[\"T-shirt\",\"Trouser\",\"Pullover\"]",
            ["input_size"] = "28",
            ["mean"] = "0.2860",
            ["empty"] = "",
            ["unicode"] = "Größe ✓",
        };
        var withMetadata = OnnxModels.Create(
            model.Graph,
            producerName: "mlops-test",
            docString: "a tiny classifier",
            metadata: custom
        );
        withMetadata.ModelVersion = 42;
        withMetadata.Domain = "ai.mlops";

        using var session = OnnxSessions.Open(TestModels.Bytes(withMetadata));

        var metadata = session.ModelMetadata;
        metadata.ProducerName.Should().Be("mlops-test");
        metadata.GraphName.Should().Be("gemm_relu");
        metadata.Description.Should().Be("a tiny classifier");
        metadata.Domain.Should().Be("ai.mlops");
        metadata.Version.Should().Be(42);
        metadata.CustomMetadataMap.Should().BeEquivalentTo(custom);
    }

    [Fact]
    public void A_model_without_metadata_props_has_an_empty_custom_map()
    {
        using var session = OnnxSessions.Open(TestModels.Bytes(TestModels.Add()));

        session.ModelMetadata.CustomMetadataMap.Should().BeEmpty();
        session.ModelMetadata.ProducerName.Should().Be("mlops");
    }
}
