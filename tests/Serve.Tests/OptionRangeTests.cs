using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Images;
using Mlops.Serve.Drift;
using Mlops.Serve.Load;
using Mlops.Serve.Models;
using Mlops.Serve.Offline;
using Mlops.Data.Drift;

namespace Mlops.Serve.Tests;

/// <summary>
/// Values that would quietly give a wrong answer are refused naming the option: a significance level of 5 flags every
/// feature, a rate of -5 runs unpaced, a batch of 0 rows was silently taken as 1, an ftp:// drift upload failed every
/// prediction with a 400 naming --registry.
/// </summary>
public sealed class OptionRangeTests
{
    [Theory]
    [InlineData(5.0, 0.1, "--alpha")]
    [InlineData(0.0, 0.1, "--alpha")]
    [InlineData(double.NaN, 0.1, "--alpha")]
    [InlineData(0.01, -1.0, "--psi-threshold")]
    [InlineData(0.01, 0.0, "--psi-threshold")]
    public void Drift_settings_out_of_range_are_refused_naming_the_option(double alpha, double psi, string where)
    {
        var records = Enumerable
            .Range(0, 40)
            .Select(i => new DriftRecord
            {
                Time = DateTimeOffset.UnixEpoch,
                Model = "m",
                Version = "1",
                Mean = i / 40.0,
                Std = 0.2,
                Entropy = 3,
                EdgeDensity = 0.1,
                Prediction = 0,
                Label = "a",
                Confidence = 0.9,
            })
            .ToList();

        FluentActions
            .Invoking(() => new DriftAnalysis { Alpha = alpha, PsiThreshold = psi }.Compare(records, records))
            .Should()
            .Throw<MlopsException>()
            .Which.Where.Should()
            .Be(where);
    }

    [Fact]
    public async Task A_negative_load_rate_is_refused_before_any_request()
    {
        var error = await FluentActions
            .Awaiting(() =>
                LoadGenerator.RunAsync(
                    new Uri("http://127.0.0.1:1/v1/models/m/predict"),
                    () => new ByteArrayContent([]),
                    concurrency: 1,
                    TimeSpan.FromSeconds(1),
                    maxRequests: 1,
                    ratePerSecond: -5
                )
            )
            .Should()
            .ThrowAsync<MlopsException>();
        error.Which.Where.Should().Be("--rate");
    }

    [Theory]
    [InlineData("ftp://x", "logs", "unsupported bucket URI 'ftp://x'")]
    [InlineData("file:///tmp/drift", null, "give --drift-log too")]
    public void A_drift_upload_the_server_cannot_use_is_refused_at_start_not_at_each_request(
        string upload,
        string? log,
        string message
    )
    {
        var options = new ServeOptions
        {
            Models = ["bands=bands.onnx"],
            DriftLogFolder = log,
            DriftUpload = upload,
        };

        FluentActions
            .Invoking(() => ServeApp.Build([], options))
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == "--drift-upload" && e.Message.Contains(message));
    }

    [Fact]
    public async Task An_offline_batch_of_zero_images_is_refused_instead_of_taken_as_one()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-option-range-").FullName;
        var model = ModelVersion.Load(
            "bands",
            new ModelArtifact("1", TestModels.Write(folder, "bands")),
            null,
            new(),
            Batching.IBatchObserver.None
        );
        try
        {
            FluentActions
                .Invoking(() => new OfflinePredictor(model, 0).Run([]))
                .Should()
                .Throw<MlopsException>()
                .Which.Where.Should()
                .Be("--batch-size");
        }
        finally
        {
            await model.DrainAsync();
            Directory.Delete(folder, true);
        }
    }
}
