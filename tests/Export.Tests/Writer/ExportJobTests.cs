using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Export.Tests.Support;
using Mlops.Onnx;
using Mlops.Onnx.Model;

namespace Mlops.Export.Tests.Writer;

public sealed class ExportJobTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public void Export_with_folded_batch_norm_matches_libtorch_and_carries_serving_metadata()
    {
        var run = TestRuns.Create(_scratch.Path, accuracy: 0.875);

        var report = ExportJob.Run(new ExportRequest { ParityData = TestRuns.ParityData, RunPath = run });

        report.Parity.Passed.Should().BeTrue();
        report.Parity.Images.Should().Be(256);
        report.Parity.MaxAbsDiff.Should().BeLessThanOrEqualTo(1e-4);
        report.Nodes.Should().BeGreaterThan(20);
        File.Exists(Path.Combine(run, "model.onnx")).Should().BeTrue();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, ArtifactNames.ExportReport)));
        json.RootElement.GetProperty("parity")
            .GetProperty("max_abs_diff")
            .GetDouble()
            .Should()
            .Be(report.Parity.MaxAbsDiff);

        using var session = OnnxSessions.Open(Path.Combine(run, "model.onnx"));
        session.InputNames.Should().Equal("input");
        session.OutputNames.Should().Equal("logits");
        var metadata = session.ModelMetadata.CustomMetadataMap;
        metadata[ModelMetadataKeys.Labels].Should().Contain("Ankle boot");
        metadata[ModelMetadataKeys.InputSize].Should().Be("28");
        metadata[ModelMetadataKeys.InputChannels].Should().Be("1");
        metadata[ModelMetadataKeys.Mean].Should().Be("[0.286]");
        metadata[ModelMetadataKeys.Std].Should().Be("[0.353]");
        metadata[ModelMetadataKeys.Run].Should().Be("tiny");
        metadata[ModelMetadataKeys.DataFingerprint].Should().Be("sha256:test");
        metadata[ModelMetadataKeys.TestAccuracy].Should().Be("0.875");
        metadata[ModelMetadataKeys.Arch].Should().Be("resnet18");

        // The batch axis is dynamic: one image and three images both run.
        foreach (var batch in new[] { 1, 3 })
        {
            var output = new float[batch * 10];
            session.RunInto(
                "input",
                new float[batch * 28 * 28],
                [batch, 1, 28, 28],
                "logits",
                output,
                [batch, 10],
                "test"
            );
            output.Should().Contain(v => v != 0, "the network produced logits for every image");
        }
    }

    [Theory]
    [InlineData("{\"split\": \"test\", \"accuracy\": 0.9}", 0.9)]
    [InlineData("{\"accuracy\": 0.9}", 0.9)]
    [InlineData("{\"split\": \"fashion-mnist:test\", \"accuracy\": 0.9}", 0.9)]
    [InlineData("{\"split\": \"validation\", \"accuracy\": 0.9}", null)]
    public void The_model_file_carries_a_test_accuracy_only_from_an_evaluation_on_a_test_split(
        string evaluation,
        double? expected
    )
    {
        // An image-folder run has no test split: its final evaluation, on the validation part, is not a test accuracy.
        var path = _scratch.File("evaluation.json");
        File.WriteAllText(path, evaluation);

        ExportJob.ReadTestAccuracy(path).Should().Be(expected);
    }

    [Fact]
    public void Exported_files_pass_the_onnx_checker_with_and_without_folding()
    {
        var run = TestRuns.Create(_scratch.Path, smallStem: true);
        var folded = ExportJob.Run(
            new ExportRequest
            {
                ParityData = TestRuns.ParityData,
                RunPath = run,
                OutputPath = _scratch.File("folded/model.onnx"),
            }
        );
        var unfolded = ExportJob.Run(
            new ExportRequest
            {
                ParityData = TestRuns.ParityData,
                RunPath = run,
                OutputPath = _scratch.File("plain/model.onnx"),
                FoldBatchNorm = false,
                ParityImages = 64,
            }
        );

        unfolded.Parity.Passed.Should().BeTrue();
        unfolded.Nodes.Should().Be(folded.Nodes + 20, "ResNet-18 has 20 BatchNorms, folded away in one file only");
        var model = OnnxModelFile.Read(_scratch.File("plain/model.onnx"));
        model.Graph.Node.Count(n => n.OpType == "BatchNormalization").Should().Be(20);
        model.Graph.Node.Count(n => n.OpType == "MaxPool").Should().Be(0, "the small stem has no max-pool");
        foreach (var file in new[] { "folded/model.onnx", "plain/model.onnx" })
        {
            var (exit, error) = OnnxChecker.Check(_scratch.File(file));
            exit.Should().Be(0, error);
        }
    }

    [Fact]
    public void A_failing_parity_proof_fails_the_export_and_leaves_no_model()
    {
        var run = TestRuns.Create(_scratch.Path);

        // A limit no float computation meets: the proof must fail and say so.
        var act = () =>
            ExportJob.Run(
                new ExportRequest
                {
                    ParityData = TestRuns.ParityData,
                    RunPath = run,
                    MaxAbsDiff = 0,
                    ParityImages = 64,
                }
            );

        act.Should().Throw<MlopsException>().WithMessage("parity proof failed*no model written*");
        File.Exists(Path.Combine(run, "model.onnx")).Should().BeFalse();
        File.ReadAllText(Path.Combine(run, ArtifactNames.ExportReport)).Should().Contain("\"top1_mismatches\"");
    }

    [Fact]
    public void A_checkpoint_whose_architecture_does_not_match_its_weights_is_refused()
    {
        var run = TestRuns.Create(_scratch.Path);
        var checkpoint = Path.Combine(run, "checkpoints", "best.safetensors");
        var file = Torch.Serialization.StateDictFile.Read(checkpoint);
        var lying = new Dictionary<string, string>(file.Metadata) { ["arch"] = "resnet34" };
        Torch.Serialization.StateDictFile.WriteSafetensors(
            checkpoint,
            new Torch.Serialization.StateDict(file.Tensors, lying)
        );

        var act = () => ExportJob.Run(new ExportRequest { ParityData = TestRuns.ParityData, RunPath = run });

        act.Should().Throw<MlopsException>().Where(e => e.Where == checkpoint);
        File.Exists(Path.Combine(run, "model.onnx")).Should().BeFalse();
    }

    [Fact]
    public void A_folder_without_checkpoints_names_what_is_missing()
    {
        var act = () => ExportJob.Run(new ExportRequest { RunPath = _scratch.Path });

        act.Should().Throw<MlopsException>().WithMessage("the run has no best checkpoint*");
    }

    public void Dispose() => _scratch.Dispose();
}
