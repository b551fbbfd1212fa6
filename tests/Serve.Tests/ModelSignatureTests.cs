using Mlops.Core.Errors;
using Mlops.Onnx.Model;
using Mlops.Serve.Batching;
using Mlops.Serve.Models;
using Onnx;

namespace Mlops.Serve.Tests;

public sealed class ModelSignatureTests
{
    [Fact]
    public async Task The_signature_comes_from_the_file_metadata()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-signature-").FullName;
        var model = ModelVersion.Load(
            "bands",
            new ModelArtifact("1", TestModels.Write(folder, "bands")),
            null,
            new(),
            IBatchObserver.None
        );
        var s = model.Signature;
        (s.InputName, s.OutputName, s.Channels, s.Height, s.Width).Should().Be(("image", "logits", 1, 28, 28));
        s.Labels.Should().Equal(TestModels.Labels);
        s.Mean.Should().Equal(0.5f);
        s.Std.Should().Equal(0.5f);
        s.OutputIsProbabilities.Should().BeFalse();
        await model.DrainAsync();
        Directory.Delete(folder, true);
    }

    [Theory]
    [InlineData(ModelMetadataKeys.Labels, "[\"a\", \"b\"]", "lists 2 labels but the output has 10 classes")]
    [InlineData(ModelMetadataKeys.Labels, "not json", "must be a JSON array of strings")]
    [InlineData(ModelMetadataKeys.InputSize, "32", "metadata says 1x32x32")]
    [InlineData(ModelMetadataKeys.Std, "[0]", "std > 0")]
    [InlineData(ModelMetadataKeys.OutputKind, "scores", "must be 'logits' or 'probabilities'")]
    public void Wrong_metadata_is_refused_at_load_naming_the_file(string key, string value, string message)
    {
        var folder = Directory.CreateTempSubdirectory("mlops-signature-").FullName;
        var proto = TestModels.Classifier(0, TestModels.Labels);
        var entry = proto.MetadataProps.FirstOrDefault(p => p.Key == key);
        if (entry is null)
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        else
            entry.Value = value;
        var path = Path.Combine(folder, "broken.onnx");
        OnnxModelFile.Write(path, proto);

        var load = () => ModelVersion.Load("broken", new ModelArtifact("1", path), null, new(), IBatchObserver.None);

        load.Should()
            .Throw<MlopsException>()
            .Where(e => e.Message.Contains(message) && e.Where!.Contains("broken.onnx"));
        Directory.Delete(folder, true);
    }
}
