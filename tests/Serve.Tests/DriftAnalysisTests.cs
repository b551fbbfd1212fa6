using Mlops.Core.Artifacts;
using Mlops.Data.Images;
using Mlops.Serve.Drift;
using Mlops.Serve.Models;
using Mlops.Serve.Offline;
using Mlops.Data.Drift;

namespace Mlops.Serve.Tests;

/// <summary>
/// Reference and current traffic are real predictions of the band classifier on generated images: bands at random
/// positions with noisy brightness. The same generator with another seed must not drift; darker, blurrier or
/// one-sided traffic must.
/// </summary>
public sealed class DriftAnalysisTests
{
    [Fact]
    public async Task Unshifted_traffic_is_stable_and_shifted_traffic_is_detected_with_a_report()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-drift-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var model = ModelVersion.Load(
            "bands",
            new ModelArtifact("1", TestModels.Write(folder, "bands")),
            null,
            new(),
            Batching.IBatchObserver.None
        );
        try
        {
            var predictor = new OfflinePredictor(model, 64);
            var reference = predictor.Run(Images(seed: 1, count: 400, brightness: 220, bands: 10));
            var same = predictor.Run(Images(seed: 2, count: 300, brightness: 220, bands: 10));
            var darker = predictor.Run(Images(seed: 3, count: 300, brightness: 120, bands: 10));
            var oneSided = predictor.Run(Images(seed: 4, count: 300, brightness: 220, bands: 3));
            var analysis = new DriftAnalysis();

            var stable = analysis.Compare(reference, same);
            stable
                .Drifted.Should()
                .BeFalse(string.Join("; ", stable.Features.Select(f => $"{f.Feature} p={f.PValue} psi={f.Psi}")));

            var shifted = analysis.Compare(reference, darker);
            shifted.Drifted.Should().BeTrue();
            shifted.Features.Single(f => f.Feature == "mean").Drifted.Should().BeTrue();
            shifted.Features.Single(f => f.Feature == "mean").PValue.Should().BeLessThan(1e-6);

            var skewed = analysis.Compare(reference, oneSided);
            skewed.Predictions.Drifted.Should().BeTrue("only 3 of 10 classes are predicted now");

            DriftFiles.Write(Path.Combine(folder, "run", ArtifactNames.DriftReference), reference);
            DriftFiles.Read(Path.Combine(folder, "run")).Should().HaveCount(400);
            var html = DriftReport.Html(shifted, "run", "logs");
            html.Should().Contain("Drift detected").And.Contain("<svg").And.Contain("mean: KS");
        }
        finally
        {
            await model.DrainAsync();
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Ks_and_psi_agree_with_known_values()
    {
        double[] a = [0.1, 0.2, 0.3, 0.4, 0.5];
        double[] b = [0.35, 0.45, 0.55, 0.65, 0.75];
        var (d, _) = DriftStatistics.KolmogorovSmirnov(a, b);
        d.Should().BeApproximately(0.6, 1e-12, "after 0.3 the first sample has 3/5, the second 0/5");
        DriftStatistics.PopulationStability([50, 50], [50, 50]).Should().Be(0);
        DriftStatistics
            .PopulationStability([50, 50], [90, 10])
            .Should()
            .BeApproximately(0.4 * Math.Log(0.9 / 0.5) - 0.4 * Math.Log(0.1 / 0.5), 1e-12);
    }

    private static List<PredictionInput> Images(int seed, int count, int brightness, int bands)
    {
        var random = new Random(seed);
        return Enumerable
            .Range(0, count)
            .Select(i =>
            {
                var band = random.Next(bands);
                var level = Math.Clamp(brightness + random.Next(-30, 31), 0, 255);
                var image = new Image(TestModels.Size, TestModels.Size, 1);
                for (var y = 0; y < TestModels.Size; y++)
                for (var x = 0; x < TestModels.Size; x++)
                    image[x, y, 0] = (byte)(TestModels.BandRows(band).Contains(y) ? level : random.Next(0, 25));
                return new PredictionInput($"{seed}-{i}", () => image);
            })
            .ToList();
    }
}
