using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

/// <summary>Relative paths in a config file are relative to that file (issue 24, item 7: a copied config broke
/// because model.pretrained was taken relative to the working folder).</summary>
public class PathInConfigTests
{
    public sealed class WithWeights
    {
        public string Name { get; set; } = "";

        [PathInConfig]
        public string? Weights { get; set; }
    }

    [Fact]
    public void A_relative_path_in_a_file_resolves_against_that_files_folder_wherever_the_command_runs()
    {
        using var folder = new TempFolder();
        folder.Write("experiments/exp.yaml", "name: demo\nweights: ../weights/resnet.pth\n");

        var loaded = ConfigLoader.Load<WithWeights>(folder.File("experiments/exp.yaml"));

        loaded.Value.Weights.Should().Be(Path.GetFullPath(folder.File("weights/resnet.pth")));
        loaded.Provenance.SourceOf("weights").Line.Should().Be(2, "the line is still the file's");
    }

    [Fact]
    public void Absolute_paths_and_paths_given_on_the_command_line_stay_as_given()
    {
        using var folder = new TempFolder();
        folder.Write("exp.yaml", "name: demo\nweights: /data/resnet.pth\n");

        ConfigLoader.Load<WithWeights>(folder.File("exp.yaml")).Value.Weights.Should().Be("/data/resnet.pth");
        ConfigLoader
            .Load<WithWeights>(folder.File("exp.yaml"), ["weights=runs/x/last.safetensors"])
            .Value.Weights.Should()
            .Be("runs/x/last.safetensors", "the command line is relative to the working folder");
    }
}
