using Mlops.Core.Config;
using Mlops.Export.Tests.Support;
using Mlops.Tests.Shared;
using Mlops.Train.Config;
using Mlops.Train.Training;

namespace Mlops.Export.Tests.Writer;

/// <summary>
/// `mlops export --run <an image-folder run>` proves parity on the run's own images by default: a Fashion-MNIST
/// default refused it ("fashion-mnist:test has 10 classes but the model predicts 2").
/// </summary>
public sealed class ImageFolderRunExportTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public void An_image_folder_run_exports_with_its_proof_on_the_runs_validation_part()
    {
        var root = TinyImageFolder.Write(_scratch.File("images"));
        var runs = _scratch.File("runs");
        var loaded = ConfigLoader.LoadText<TrainConfig>(
            $$"""
            name: folder
            seed: 7
            model: { arch: resnet18, num_classes: 2, in_channels: 1, small_stem: false }
            data: { dataset: imagefolder, root: '{{root}}', image_size: 28, val_fraction: 0.25 }
            optim: { name: sgd, lr: 0.02, momentum: 0.9 }
            train: { epochs: 1, batch_size: 8, threads: 2 }
            output: { runs_dir: '{{runs}}' }
            """,
            "folder.yaml"
        );
        var trained = Trainer.Run(
            new TrainRequest
            {
                Config = loaded.Value,
                Provenance = loaded.Provenance,
                ResolvedYaml = loaded.ToYaml(withSources: false),
                Output = TextWriter.Null,
                ShowProgress = false,
            }
        );

        var report = ExportJob.Run(new ExportRequest { RunPath = trained.RunPath });

        report.Parity.Passed.Should().BeTrue();
        report.Parity.Data.Should().Be("validation split of run " + Path.GetFileName(trained.RunPath));
        report.Parity.Images.Should().Be(8, "a quarter of the 32 images is the run's validation part");
        File.Exists(report.Model).Should().BeTrue();
    }

    public void Dispose() => _scratch.Dispose();
}
