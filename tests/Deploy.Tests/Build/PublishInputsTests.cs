using Mlops.Deploy.Build;
using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Deploy.Tests.Build;

/// <summary>The key that lets a training image build reuse an earlier publish of src/Cli.</summary>
public class PublishInputsTests
{
    private static TempDirectory Repository()
    {
        var repository = new TempDirectory();
        Directory.CreateDirectory(repository.Combine("src", "Cli", "obj"));
        File.WriteAllText(repository.Combine("Directory.Build.props"), "<Project />");
        File.WriteAllText(repository.Combine("src", "Cli", "Program.cs"), "return 0;");
        return repository;
    }

    [Fact]
    public void The_key_is_stable_and_ignores_build_output_folders()
    {
        using var repository = Repository();
        var key = PublishInputs.Key(repository.Path);

        File.WriteAllText(repository.Combine("src", "Cli", "obj", "project.assets.json"), "{}");

        PublishInputs.Key(repository.Path).Should().Be(key);
    }

    [Theory]
    [InlineData("src/Cli/Program.cs")]
    [InlineData("src/Train/New.cs")]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    public void A_changed_or_new_source_or_build_file_changes_the_key(string file)
    {
        using var repository = Repository();
        var key = PublishInputs.Key(repository.Path);

        var path = repository.Combine(file.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, "// changed");

        PublishInputs.Key(repository.Path).Should().NotBe(key);
    }
}
