using Mlops.Cli.Pipeline;

namespace Mlops.Cli.Tests.Output;

public sealed class PipelineSummaryTests
{
    [Fact]
    public void Written_to_a_file_each_stage_is_one_line_however_long_its_key_output()
    {
        var keyOutput = "fashion:1 at http://127.0.0.1:8080 (podman container mlops-fashion-8080, image a2753c086968)";
        var output = new StringWriter();

        PipelineSummary.Print(
            [new StageOutcome("deploy", StageStatus.Ran, TimeSpan.FromSeconds(3.5), keyOutput)],
            output
        );

        var lines = output.ToString().Split('\n');
        lines
            .Should()
            .ContainSingle(line => line.Contains("deploy"))
            .Which.Should()
            .Contain(keyOutput)
            .And.Contain("ran")
            .And.Contain("3.5 s");
        output.ToString().Should().NotContain("\u001b");
    }
}
