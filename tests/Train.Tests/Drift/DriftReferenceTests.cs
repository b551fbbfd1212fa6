using System.Text.Json.Nodes;
using Mlops.Core.Artifacts;
using Mlops.Data.FashionMnist;
using Mlops.Data.Images;
using Mlops.Data.Normalization;
using Mlops.Serve.Drift;
using Mlops.Train.Runs;
using Mlops.Train.Tests.Config;
using Mlops.Train.Tests.Training;
using Mlops.Train.Training;
using Mlops.Data.Drift;

namespace Mlops.Train.Tests.Drift;

/// <summary>
/// A run writes its own drift reference, which is all `mlops drift --reference runs/&lt;name&gt;` needs: traffic that
/// looks like the evaluation images (other Fashion-MNIST test images, pre-processed the way the server does it from
/// PNG bytes) is stable against it, darkened traffic is detected.
/// </summary>
public sealed class DriftReferenceTests : IDisposable
{
    private const int ReferenceImages = 400;
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void A_run_writes_the_drift_reference_that_served_traffic_is_compared_with()
    {
        var outcome = Trainer.Run(
            TinyRuns.Request(_scratch.File("runs"), ["train.epochs=2", $"data.test_subset={ReferenceImages}"])
        );
        var run = RunFolder.Open(outcome.RunPath);
        var reference = DriftFiles.Read(run.Path); // what `mlops drift --reference runs/<name>` reads
        reference.Should().HaveCount(ReferenceImages);

        // The predictions are the final evaluation's: per predicted class, the confusion matrix's column sums.
        var confusion = JsonNode.Parse(File.ReadAllText(run.EvaluationPath))!["confusion_matrix"]!
            .AsArray()
            .Select(row => row!.AsArray().Select(n => (long)n!).ToArray())
            .ToArray();
        var predictedPerClass = Enumerable.Range(0, 10).Select(c => confusion.Sum(row => row[c])).ToArray();
        Enumerable
            .Range(0, 10)
            .Select(c => (long)reference.Count(r => r.Prediction == c))
            .Should()
            .Equal(predictedPerClass);
        reference
            .Should()
            .OnlyContain(r =>
                r.Confidence > 0.1 && r.Confidence <= 1 && r.Label == FashionMnistDataset.ClassNames[r.Prediction]
            );

        var test = FashionMnistDataset.Load(FashionMnistSplit.Test);
        var (model, info) = Checkpoints.LoadModel(run.BestCheckpointPath);
        using (model)
        {
            var served = new ServedImages(
                new DriftReferenceWriter(
                    model,
                    info.ClassNames,
                    new ChannelStats(info.NormalizeMean, info.NormalizeStd)
                ),
                info,
                test
            );

            // The trainer measured its inputs as the server measures a PNG of the same image: no train/serve skew.
            var first = reference[0];
            var index = int.Parse(first.Input!["test[".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            var again = served.Describe([index], brightness: 1)[0];
            ImageFeatures
                .Of(again)
                .Should()
                .BeEquivalentTo(ImageFeatures.Of(first), o =>
                    o.Using<double>(x => x.Subject.Should().BeApproximately(x.Expectation, 1e-6)).WhenTypeIs<double>()
                );
            again.Prediction.Should().Be(first.Prediction);

            var others = Enumerable.Range(0, 300).Select(i => 9_999 - i * 7).ToArray();
            var analysis = new DriftAnalysis();
            var stable = analysis.Compare(reference, served.Describe(others, brightness: 1));
            stable
                .Drifted.Should()
                .BeFalse(
                    string.Join("; ", stable.Features.Select(f => $"{f.Feature} p={f.PValue:G3} psi={f.Psi:G3}"))
                        + $"; predictions psi={stable.Predictions.Psi:G3}"
                );
            var darker = analysis.Compare(reference, served.Describe(others, brightness: 0.5));
            darker.Drifted.Should().BeTrue();
            darker.Features.Single(f => f.Feature == "mean").Drifted.Should().BeTrue();
        }
    }

    /// <summary>Test images as a client would send them: PNG bytes, decoded and normalised by the serving pre-processor.</summary>
    private sealed class ServedImages(DriftReferenceWriter writer, CheckpointInfo info, Data.Datasets.ImageDataset test)
    {
        private readonly ImagePreprocessor _preprocessor = new()
        {
            Channels = info.InChannels,
            InputSize = info.ImageSize,
            Mean = info.NormalizeMean,
            Std = info.NormalizeStd,
        };

        public List<DriftRecord> Describe(int[] indices, double brightness)
        {
            var size = _preprocessor.OutputLength;
            var tensors = new float[indices.Length * size];
            for (var i = 0; i < indices.Length; i++)
            {
                var pixels = test.ImagePixels(indices[i]).ToArray();
                for (var p = 0; p < pixels.Length; p++)
                    pixels[p] = (byte)Math.Round(pixels[p] * brightness);
                var png = PngEncoder.Encode(new Image(test.Width, test.Height, test.Channels, pixels));
                _preprocessor.Run(png, $"test[{indices[i]}]", tensors.AsSpan(i * size, size));
            }

            return writer.Describe(
                tensors,
                [indices.Length, info.InChannels, info.ImageSize, info.ImageSize],
                i => $"test[{indices[i]}]",
                "served"
            );
        }
    }
}
