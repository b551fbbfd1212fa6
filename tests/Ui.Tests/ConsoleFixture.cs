using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Artifacts;
using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;
using Mlops.Train.Runs;

namespace Mlops.Ui.Tests;

/// <summary>
/// A run store of real run folders (written by the trainer's own RunFolder: records, metrics, evaluations) and the
/// console serving it on a loopback port, as `mlops ui` starts it.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly string _runs = Path.Combine(Path.GetTempPath(), $"mlops-ui-test-{Guid.NewGuid():N}");
    private readonly string _registry = Path.Combine(Path.GetTempPath(), $"mlops-ui-registry-{Guid.NewGuid():N}");
    private WebApplication? _app;

    public HttpClient Client { get; } = new();
    public string RunsFolder => _runs;
    public string Fast { get; private set; } = "";
    public string Slow { get; private set; } = "";
    public string Running { get; private set; } = "";

    /// <summary>Two trials of sweep <see cref="Sweep"/>, created before <see cref="Slow"/> and after it.</summary>
    public string TrialA { get; private set; } = "";
    public string TrialB { get; private set; } = "";
    public const string Sweep = "lrs-20261201-085900";

    public async Task InitializeAsync()
    {
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        Fast = Write("fast", start, lr: "0.1", valAccuracies: [0.5, 0.7], test: 0.72);
        Slow = Write("slow", start.AddMinutes(5), lr: "0.01", valAccuracies: [0.4, 0.6], test: 0.61);
        TrialA = Write("lr", start.AddMinutes(2), lr: "0.03", valAccuracies: [0.5, 0.6], test: 0.65, trial: 0);
        TrialB = Write("lr", start.AddMinutes(7), lr: "0.3", valAccuracies: [0.5, 0.6], test: 0.66, trial: 1);
        Running = RunFolder.Create(_runs, "busy", "optim:\n  lr: 0.05\n", ["mlops", "train"], start.AddMinutes(9)).Name;
        await WriteRegistryAsync();
        _app = UiServer.Build(new UiOptions(_runs, "http://127.0.0.1:0", $"file://{_registry}"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Client.BaseAddress = new Uri(address.Addresses.Single());
    }

    private string Write(
        string prefix,
        DateTimeOffset created,
        string lr,
        double[] valAccuracies,
        double test,
        int? trial = null
    )
    {
        var run = RunFolder.Create(
            _runs,
            prefix,
            $"optim:\n  lr: {lr}\ntrain:\n  epochs: 2\n",
            ["mlops"],
            created,
            trial: trial is { } index ? new RunTrial(Sweep, index) : null
        );
        for (var epoch = 0; epoch < valAccuracies.Length; epoch++)
        {
            var metrics = new EpochMetrics(
                epoch + 1,
                10 * (epoch + 1),
                1.0 / (epoch + 1),
                0.5,
                0.9,
                valAccuracies[epoch],
                0.1,
                100,
                3
            );
            run.Metrics.AppendEpoch(metrics);
            run.RecordEpoch(metrics);
        }
        EvaluationReportFile.Write(
            run.EvaluationPath,
            new EvaluationReport
            {
                Split = "test",
                Images = 100,
                Loss = 0.8,
                Accuracy = test,
            }
        );
        run.MarkCompleted();
        return run.Name;
    }

    /// <summary>Model "fashion": version 1 (from <see cref="Slow"/>) and 2 (from <see cref="Fast"/>), staging moved to
    /// 1 then 2 by the registry's own calls, each with a reason, as "release-manager".</summary>
    private async Task WriteRegistryAsync()
    {
        using var registry = new ModelRegistry(
            new LocalBlobStore(_registry),
            new RegistryOptions { Actor = "release-manager" }
        );
        foreach (var (run, accuracy) in new[] { (Slow, 0.61), (Fast, 0.72) })
        {
            var model = Path.Combine(_runs, run, "model.onnx");
            await File.WriteAllBytesAsync(model, new byte[2_000_000]);
            var card = await registry.PushAsync(
                new PushRequest
                {
                    Model = "fashion",
                    Files = [new PushFile(model, "model.onnx")],
                    Metrics = new Dictionary<string, double> { ["accuracy"] = accuracy },
                    Lineage = new Lineage { Run = Path.Combine(_runs, run) },
                }
            );
            await registry.PromoteAsync(
                new PromoteRequest("fashion", card.Version, "staging") { Reason = $"accuracy {accuracy}" }
            );
        }
    }

    /// <summary>A console of its own over these runs and a copy of this registry, for a test that changes
    /// things.</summary>
    public Task<StartedConsole> StartOwnAsync(Func<UiOptions, UiOptions>? configure = null) =>
        StartedConsole.StartAsync(_runs, _registry, configure);

    public async Task<(int Status, string Html)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        Client.Dispose();
        Directory.Delete(_runs, recursive: true);
        Directory.Delete(_registry, recursive: true);
    }
}
