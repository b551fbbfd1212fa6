namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>A real ONNX classifier and a PNG it classifies as "three", made by the Python reference (Reference/band_model.py).</summary>
public sealed record BandModel(string ModelFile, byte[] Png, string ExpectedLabel)
{
    public static BandModel Write(TempDirectory directory)
    {
        var script = Path.Combine(ServePublish.RepositoryRoot, "tests", "Deploy.Tests", "Reference", "band_model.py");
        ProcessRunner.RunOrThrow("/usr/bin/python3", [script, directory.Path, "3"]);
        return new BandModel(
            directory.Combine("bands.onnx"),
            File.ReadAllBytes(directory.Combine("band.png")),
            "three"
        );
    }
}
