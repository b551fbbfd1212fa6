using Microsoft.Extensions.Logging.Abstractions;
using Mlops.Core.Artifacts;
using Mlops.Data.Images;
using Mlops.Registry.Stores.Local;
using Mlops.Serve.Drift;

namespace Mlops.Serve.Tests;

public sealed class DriftLogTests
{
    [Fact]
    public async Task Each_prediction_appends_input_statistics_and_the_answer()
    {
        await using var server = ServerFixture.WithBandModel(o =>
            o with
            {
                DriftLogFolder = Path.Combine(Path.GetTempPath(), "mlops-drift-" + Guid.NewGuid().ToString("N")),
            }
        );
        await server.Client.PostAsync(
            "/v1/models/bands/predict",
            Http.Files(("a.png", TestModels.BandPng(2)), ("b.png", TestModels.BandPng(6, brightness: 128)))
        );

        var lines = File.ReadAllLines(Path.Combine(server.Options.DriftLogFolder!, DriftLog.ActiveFileName));
        lines.Should().HaveCount(2);
        var records = lines.Select(l => DriftRecordJson.FromLine(l)).ToList();
        records.Select(r => r.Label).Should().Equal("two", "six");
        records[0].Mean.Should().BeApproximately(56.0 / 784, 1e-6, "2 of 28 rows are white");
        records[1].Mean.Should().BeApproximately(56.0 / 784 * 128 / 255, 1e-6);
        records[0].EdgeDensity.Should().BeGreaterThan(0).And.BeLessThan(0.2);
        records[0]
            .Entropy.Should()
            .BeApproximately(-(56.0 / 784 * Math.Log2(56.0 / 784) + 728.0 / 784 * Math.Log2(728.0 / 784)), 1e-9);
        records[0].Confidence.Should().BeGreaterThan(0.99);
        Directory.Delete(server.Options.DriftLogFolder!, true);
    }

    [Fact]
    public void The_log_rotates_by_size_and_keeps_a_bounded_number_of_closed_files()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-drift-" + Guid.NewGuid().ToString("N"));
        var closed = new List<string>();
        using (var log = new DriftLog(folder, maxBytes: 1000, maxFiles: 3))
        {
            log.FileClosed += closed.Add;
            for (var i = 0; i < 60; i++)
                log.Append([
                    new DriftRecord
                    {
                        Time = DateTimeOffset.UtcNow,
                        Model = "m",
                        Version = "1",
                        Mean = i,
                        Std = 0,
                        Entropy = 0,
                        EdgeDensity = 0,
                        Prediction = 0,
                        Label = "x",
                        Confidence = 1,
                    },
                ]);
        }

        closed.Count.Should().BeGreaterThan(3);
        var files = DriftLog.Files(folder);
        files.Count.Should().Be(4, "3 closed files kept plus the active one");
        var lines = files.SelectMany(File.ReadAllLines).ToList();
        lines.Should().OnlyContain(l => l.StartsWith('{') && l.EndsWith('}'), "rotation never cuts a line");
        files.Take(3).Should().OnlyContain(f => new FileInfo(f).Length >= 1000);
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task Closed_files_are_copied_to_the_bucket_under_the_server_name()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-drift-" + Guid.NewGuid().ToString("N"));
        using var store = new LocalBlobStore(Path.Combine(folder, "bucket"));
        using (var log = new DriftLog(Path.Combine(folder, "logs"), maxBytes: 500, maxFiles: 100))
        {
            new DriftShipper(store, "server-a", NullLogger.Instance).Attach(log);
            for (var i = 0; i < 20; i++)
                log.Append([
                    new DriftRecord
                    {
                        Time = DateTimeOffset.UtcNow,
                        Model = "m",
                        Version = "1",
                        Mean = i,
                        Std = 0,
                        Entropy = 0,
                        EdgeDensity = 0,
                        Prediction = 0,
                        Label = "x",
                        Confidence = 1,
                    },
                ]);
        }

        var closed = Directory.GetFiles(Path.Combine(folder, "logs"), "drift-*.jsonl");
        closed.Should().NotBeEmpty();
        foreach (var file in closed)
        {
            var name = DriftShipper.ObjectName("server-a", file);
            await Eventually.True(async () => await store.StatAsync(name) is not null, $"{name} in the bucket");
            using var copy = new MemoryStream();
            await store.ReadAsync(name, copy);
            copy.ToArray().Should().Equal(File.ReadAllBytes(file));
        }

        Directory.Delete(folder, true);
    }
}
