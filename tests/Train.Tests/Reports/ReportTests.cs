using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Mlops.Core.Artifacts;
using Mlops.Tests.Shared;
using Mlops.Train.Reports;
using Mlops.Train.Runs;
using Xunit;

namespace Mlops.Train.Tests.Reports;

public sealed class ReportTests(TinySweepFixture sweep) : IClassFixture<TinySweepFixture>
{
    [Fact]
    public void Compare_lists_only_the_keys_that_differ_and_the_final_metrics_of_each_run()
    {
        var comparison = RunComparison.Of(sweep.Runs);

        comparison.Runs.Should().Equal(sweep.Runs.Select(run => run.Name));
        comparison.Differences.Select(d => d.Key).Should().BeEquivalentTo("name", "optim.lr");
        comparison.Differences.Single(d => d.Key == "optim.lr").Values.Should().Equal("0.05", "0.01");
        var test = comparison.Metrics.Single(m => m.Metric == "test_accuracy");
        test.Values.Should().Equal(sweep.Outcome.Record.Trials.Select(t => t.TestAccuracy));
        comparison.Metrics.Single(m => m.Metric == "epochs").Values.Should().Equal(1.0, 1.0);
    }

    [Fact]
    public void Run_report_is_one_offline_page_with_curves_confusion_matrix_mistakes_and_the_export_and_quantization_reports()
    {
        var run = sweep.Runs[0];
        File.WriteAllText(
            run.File(ArtifactNames.ExportReport),
            """{ "parity": { "max_abs_diff": 0.00012, "passed": true }, "opset": 17 }"""
        );
        // The shape `mlops quantize` writes (trimmed).
        File.WriteAllText(
            run.File(ArtifactNames.QuantizeReport),
            """{ "method": "minmax", "fp32": { "accuracy": 0.7705, "size_bytes": 44690883 }, "int8": { "accuracy": 0.7691, "size_bytes": 11279863 } }"""
        );
        var mistakes = MisclassifiedImages.Find(run, 12);

        var html = RunReport.Render(run, mistakes);

        mistakes.Should().NotBeEmpty("a one-epoch model on 288 images gets many test images wrong");
        mistakes.Select(m => m.Confidence).Should().BeInDescendingOrder();
        mistakes
            .Should()
            .OnlyContain(m =>
                m.TrueLabel != m.Predicted
                && m.Png.Take(4).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })
            );
        Regex.Matches(html, "<svg class=\"chart lines\"").Count.Should().Be(4);
        Regex.Matches(html, "<rect class=\"cell\"").Count.Should().Be(100);
        Regex.Matches(html, "<rect class=\"bar\"").Count.Should().Be(10);
        Regex.Matches(html, "src=\"data:image/png;base64,").Count.Should().Be(mistakes.Count);
        html.Should().Contain("parity.max_abs_diff").And.Contain("0.00012");
        html.Should()
            .Contain("Quantization")
            .And.Contain("int8.accuracy")
            .And.Contain("0.7691")
            .And.Contain("11279863");
        html.Should().NotContain("http://").And.NotContain("https://").And.NotContain("<script src");
    }

    [Fact]
    public void A_progressive_run_report_charts_the_scale_each_epoch_trained_at()
    {
        var run = RunFolder.Create(sweep.Scratch.File("progressive"), "prog", "", []);
        run.Metrics.AppendEpoch(new EpochMetrics(1, 10, 1.2, 0.6, 2.1, 0.26, 0.1, 380, 150, TrainScale: 0.5));
        run.Metrics.AppendEpoch(new EpochMetrics(2, 20, 0.9, 0.8, 0.3, 0.91, 0.05, 170, 330, TrainScale: 1));

        var html = RunReport.Render(run, []);

        Regex
            .Matches(html, "<svg class=\"chart lines\"")
            .Count.Should()
            .Be(5, "the four curves and the training scale");
        html.Should().Contain("training scale by epoch (progressive resizing)");
    }

    [Fact]
    public async Task Sweep_and_run_reports_render_in_chromium_with_their_charts_drawn()
    {
        var sweepPage = sweep.Scratch.File("sweep-report.html");
        File.WriteAllText(sweepPage, SweepReport.Render(sweep.Outcome.Folder));
        var runPage = sweep.Scratch.File("run-report.html");
        File.WriteAllText(runPage, RunReport.Render(sweep.Runs[1], MisclassifiedImages.Find(sweep.Runs[1], 8)));

        await using var chromium = await DebianChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync(
            new()
            {
                ViewportSize = new() { Width = 1100, Height = 900 },
            }
        );
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);

        await page.GotoAsync(new Uri(sweepPage).AbsoluteUri);
        await Assertions.Expect(page.Locator("table.data tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("svg.scatter circle.point")).ToHaveCountAsync(2);
        var point = await page.Locator("svg.scatter circle.point").First.BoundingBoxAsync();
        point!.Width.Should().BeGreaterThan(4, "the scatter points are laid out and drawn");
        await page.ScreenshotAsync(new() { Path = sweep.Scratch.File("sweep.png"), FullPage = true });

        await page.GotoAsync(new Uri(runPage).AbsoluteUri);
        await Assertions.Expect(page.Locator("svg.heatmap rect.cell")).ToHaveCountAsync(100);
        var curve = await page.Locator("svg.lines path.series").First.BoundingBoxAsync();
        curve!.Width.Should().BeGreaterThan(100, "the loss-by-step curve spans the chart");
        var images = page.Locator(".thumb img");
        (await images.CountAsync()).Should().BeGreaterThan(0);
        (await images.First.EvaluateAsync<int>("img => img.naturalWidth"))
            .Should()
            .Be(28, "the PNG data URI decodes in the browser");
        var shot = sweep.Scratch.File("run.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        new FileInfo(shot).Length.Should().BeGreaterThan(20_000);
        failedRequests.Should().BeEmpty();
        if (Environment.GetEnvironmentVariable("MLOPS_KEEP_REPORT_SCREENSHOTS") is { } keep)
        {
            File.Copy(shot, Path.Combine(keep, "run.png"), true);
            File.Copy(sweep.Scratch.File("sweep.png"), Path.Combine(keep, "sweep.png"), true);
        }
    }
}
