using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Artifacts;
using Mlops.Data.Images;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Serve.Batching;
using Mlops.Serve.Drift;

namespace Mlops.Serve.Tests.Monitoring;

/// <summary>
/// The alerting rules shipped in dockerfiles/prometheus: checked and unit-tested by Debian's promtool, then evaluated by
/// Debian's Prometheus scraping a live server that is made to shed load and to drift.
/// </summary>
public sealed partial class AlertRulesTests : IDisposable
{
    private static readonly string RulesFolder = Path.Combine(RepositoryRoot(), "dockerfiles", "prometheus");
    private static readonly string Rules = Path.Combine(RulesFolder, "mlops-serve-alerts.yml");
    private readonly string _work = Directory.CreateTempSubdirectory("mlops-alerts-").FullName;

    [Fact]
    public void Promtool_accepts_the_rules_and_their_unit_tests_pass()
    {
        var check = ProcessRunner.Run("promtool", ["check", "rules", Rules]);
        check.ExitCode.Should().Be(0, check.Output + check.Error);
        (check.Output + check.Error).Should().Contain("SUCCESS: 6 rules found");

        var unit = ProcessRunner.Run(
            "promtool",
            ["test", "rules", Path.Combine(RulesFolder, "mlops-serve-alerts.test.yml")]
        );
        unit.ExitCode.Should().Be(0, unit.Output + unit.Error);
    }

    [Fact]
    public async Task Prometheus_scraping_a_live_server_fires_shedding_on_a_burst_of_503s_and_drift_on_shifted_inputs()
    {
        // Reference: images far brighter than the band PNGs this test sends, so live inputs drift from it.
        var reference = Path.Combine(_work, "drift-reference.jsonl");
        DriftFiles.Write(
            reference,
            Enumerable
                .Range(0, 200)
                .Select(i => new DriftRecord
                {
                    Time = DateTimeOffset.UnixEpoch.AddSeconds(i),
                    Model = "bands",
                    Version = "1",
                    Mean = 0.8 + (i % 10) * 0.01,
                    Std = 0.1,
                    Entropy = 6,
                    EdgeDensity = 0.5,
                    Prediction = i % 10,
                    Label = TestModels.Labels[i % 10],
                    Confidence = 0.9,
                })
        );
        var options = new ServeOptions
        {
            Models = [$"bands={TestModels.Write(_work, "bands")}"],
            ReloadPollSeconds = 0,
            Batching = new BatchingOptions
            {
                QueueCapacity = 1,
                MaxBatchSize = 1,
                MaxQueueDelayMs = 0,
            },
            DriftReference = reference,
            DriftWindow = 100,
        };
        await using var app = ServeApp.Build([], options, builder => builder.WebHost.UseUrls("http://127.0.0.1:0"));
        await app.StartAsync();
        var server = new Uri(
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        );
        using var prometheus = StartPrometheus(server);
        using var http = new HttpClient();

        using var flood = new CancellationTokenSource();
        var load = Flood(server, flood.Token);
        try
        {
            var firing = await WaitForAlertsAsync(
                http,
                prometheus.Url,
                ["MlopsServeShedding", "MlopsServeDrift"],
                TimeSpan.FromSeconds(90),
                prometheus.Log
            );
            firing.Should().Contain(a => a.Name == "MlopsServeShedding" && a.Model == "bands" && a.Severity == "page");
            firing.Should().Contain(a => a.Name == "MlopsServeDrift" && a.Model == "bands");
            firing.Should().NotContain(a => a.Name == "MlopsServeErrors", "503s are shedding, not server errors");
            firing.Should().NotContain(a => a.Name == "MlopsServeNoModelLoaded");
        }
        finally
        {
            await flood.CancelAsync();
            await load;
        }
    }

    /// <summary>
    /// Keeps 6 clients posting 16 images each, which a queue of one row refuses with 503, and 2 posting one image
    /// each, which mostly get through and feed the drift comparison.
    /// </summary>
    private static async Task Flood(Uri server, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = server };
        await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(async client =>
                {
                    var images = Enumerable
                        .Range(0, client < 6 ? 16 : 1)
                        .Select(i => ($"{i}.png", TestModels.BandPng((client + i) % 10)))
                        .ToArray();
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            using var response = await http.PostAsync(
                                "/v1/models/bands/predict",
                                Http.Files(images),
                                stop
                            );
                        }
                        catch (OperationCanceledException) { }
                    }
                })
        );
    }

    private sealed record FiringAlert(string Name, string? Model, string? Severity);

    private static async Task<List<FiringAlert>> WaitForAlertsAsync(
        HttpClient http,
        string prometheus,
        string[] wanted,
        TimeSpan timeout,
        string log
    )
    {
        var deadline = DateTime.UtcNow + timeout;
        var firing = new List<FiringAlert>();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync($"{prometheus}/api/v1/alerts"));
                firing =
                [
                    .. json
                        .RootElement.GetProperty("data")
                        .GetProperty("alerts")
                        .EnumerateArray()
                        .Where(a => a.GetProperty("state").GetString() == "firing")
                        .Select(a => a.GetProperty("labels"))
                        .Select(l => new FiringAlert(
                            l.GetProperty("alertname").GetString()!,
                            Label(l, "model"),
                            Label(l, "severity")
                        )),
                ];
                if (wanted.All(name => firing.Any(a => a.Name == name)))
                    return firing;
            }
            catch (HttpRequestException)
            {
                // Prometheus still starting
            }
            await Task.Delay(500);
        }
        throw new TimeoutException(
            $"firing after {timeout.TotalSeconds} s: [{string.Join(", ", firing)}]; wanted "
                + $"{string.Join(", ", wanted)}\nPrometheus log:\n{File.ReadAllText(log)[^Math.Min(3000, File.ReadAllText(log).Length)..]}"
        );
    }

    private static string? Label(JsonElement labels, string name) =>
        labels.TryGetProperty(name, out var value) ? value.GetString() : null;

    private sealed record PrometheusProcess(Process Process, string Url, string Log) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit(10_000);
            }
            Process.Dispose();
        }
    }

    /// <summary>
    /// Debian's Prometheus scraping the server every second, with the shipped rules evaluated every second. Each
    /// rule's `for:` is cut to 0s in the copy it loads (minutes would make a slow test; promtool's unit tests hold the
    /// real durations): this proves the series names, labels and expressions against what the server exposes.
    /// </summary>
    private PrometheusProcess StartPrometheus(Uri server)
    {
        var rules = Path.Combine(_work, "rules.yml");
        File.WriteAllText(rules, ForClause().Replace(File.ReadAllText(Rules), "for: 0s"));
        var port = ProcessRunner.FreeLoopbackPort();
        var config = Path.Combine(_work, "prometheus.yml");
        File.WriteAllText(
            config,
            $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: ['{rules}']
            scrape_configs:
              - job_name: mlops-serve
                static_configs: [{"{"}targets: ['{server.Authority}']{"}"}]
            """
        );
        var log = Path.Combine(_work, "prometheus.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c",
                "exec prometheus \"$@\" > \"$0\" 2>&1",
                log,
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(_work, "tsdb")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            UseShellExecute = false,
        };
        return new PrometheusProcess(Process.Start(start)!, $"http://127.0.0.1:{port}", log);
    }

    [GeneratedRegex(@"for: \d+m")]
    private static partial Regex ForClause();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.sln")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
