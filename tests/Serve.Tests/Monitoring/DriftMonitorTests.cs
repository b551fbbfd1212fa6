using Mlops.Core.Artifacts;
using Mlops.Data.Images;
using Mlops.Serve.Drift;
using Mlops.Serve.Metrics;

namespace Mlops.Serve.Tests.Monitoring;

/// <summary>The live drift comparison behind mlops_drift_*: the same verdict as `mlops drift`, on a sliding window.</summary>
public sealed class DriftMonitorTests
{
    // Each test its own sequence, so what a test sees does not depend on which ran before it.
    private readonly Random _seeded = new(7);

    [Fact]
    public void Traffic_like_the_reference_reads_0_shifted_traffic_reads_1_and_the_window_forgets_old_rows()
    {
        var metrics = new ServeMetrics();
        var reference = Records(400, mean: 0.3);
        var monitor = new DriftMonitor(reference, window: 100, metrics, analysis: null);

        monitor.Observe(Records(20, mean: 0.3));
        monitor.Publish();
        metrics.DriftWindowRows.WithLabels("fashion").Value.Should().Be(20);
        Exposition(metrics).Should().NotContain("mlops_drift_detected{", "20 rows are too few for a verdict");

        monitor.Observe(Records(80, mean: 0.3));
        monitor.Publish();
        metrics.DriftDetected.WithLabels("fashion").Value.Should().Be(0);
        metrics.DriftPsi.WithLabels("fashion", "mean").Value.Should().BeLessThan(0.25, "same distribution, 100 rows");

        monitor.Observe(Records(100, mean: 0.7));
        monitor.Publish();
        metrics.DriftWindowRows.WithLabels("fashion").Value.Should().Be(100, "the window holds the last 100 rows");
        metrics.DriftDetected.WithLabels("fashion").Value.Should().Be(1);
        metrics.DriftPsi.WithLabels("fashion", "mean").Value.Should().BeGreaterThan(1);

        monitor.Observe(Records(100, mean: 0.3));
        monitor.Publish();
        metrics.DriftDetected.WithLabels("fashion").Value.Should().Be(0, "the shifted rows have left the window");
    }

    [Fact]
    public async Task A_scrape_publishes_the_comparison_through_the_metrics_registry()
    {
        var metrics = new ServeMetrics();
        var monitor = new DriftMonitor(Records(400, mean: 0.3), window: 50, metrics, analysis: null);
        monitor.Observe(Records(50, mean: 0.8));

        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);

        System
            .Text.Encoding.UTF8.GetString(stream.ToArray())
            .Should()
            .Contain("mlops_drift_detected{model=\"fashion\"} 1");
    }

    [Fact]
    public void A_missing_or_too_small_reference_is_refused_before_the_server_listens()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-drift-ref-").FullName;
        var small = Path.Combine(folder, "small.jsonl");
        DriftFiles.Write(small, Records(10, mean: 0.3));
        ServeOptions Options(string reference) => new() { Models = ["m=/nowhere.onnx"], DriftReference = reference };

        FluentActions
            .Invoking(() => ServeApp.Build([], Options(Path.Combine(folder, "missing.jsonl"))))
            .Should()
            .Throw<Core.Errors.MlopsException>()
            .Which.ToString()
            .Should()
            .Contain("missing.jsonl")
            .And.Contain("no such drift log file or folder");
        FluentActions
            .Invoking(() => ServeApp.Build([], Options(small)))
            .Should()
            .Throw<Core.Errors.MlopsException>()
            .Which.Message.Should()
            .Be("a drift reference needs at least 30 records, this one has 10");
        FluentActions
            .Invoking(() => ServeApp.Build([], Options(small) with { Models = ["a=/a.onnx", "b=/b.onnx"] }))
            .Should()
            .Throw<Core.Errors.MlopsException>()
            .Which.Message.Should()
            .Contain("serve that model alone");
        Directory.Delete(folder, recursive: true);
    }

    private static string Exposition(ServeMetrics metrics)
    {
        using var stream = new MemoryStream();
        metrics.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private List<DriftRecord> Records(int count, double mean) =>
        [
            .. Enumerable
                .Range(0, count)
                .Select(i => new DriftRecord
                {
                    Time = DateTimeOffset.UnixEpoch.AddSeconds(i),
                    Model = "fashion",
                    Version = "1",
                    Mean = mean + (_seeded.NextDouble() - 0.5) * 0.1,
                    Std = 0.2 + (_seeded.NextDouble() - 0.5) * 0.02,
                    Entropy = 4 + _seeded.NextDouble() * 0.1,
                    EdgeDensity = 0.1 + _seeded.NextDouble() * 0.01,
                    Prediction = i % 3,
                    Label = $"c{i % 3}",
                    Confidence = 0.9,
                }),
        ];
}
