using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Artifacts;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Ui;

// Usage: Mlops.Bench.Ui <runs=1000> <epochs=15> <rounds=15>
// Writes <runs> run folders as the trainer does, serves them with the console, and times, per round, the first byte
// of /runs, of /runs?where=…&sort=… and of /compare over 10 runs, next to what the table has to read anyway
// (RunStore.List(): every record and evaluation) measured in the same rounds.
var runCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
var folder = Path.Combine(Path.GetTempPath(), $"mlops-bench-ui-{Guid.NewGuid():N}");
var registryFolder = folder + "-registry";
const string Sweep = "bench-sweep";
const int Versions = 100;
try
{
    var names = WriteRuns(folder, runCount, epochs, Sweep);
    await WriteRegistryAsync(registryFolder, Versions);
    var registryUri = $"file://{registryFolder}";
    await using var app = UiServer.Build(new UiOptions(folder, "http://127.0.0.1:0", registryUri));
    await app.StartAsync();
    var address = app
        .Services.GetRequiredService<IServer>()
        .Features.Get<IServerAddressesFeature>()!
        .Addresses.Single();
    using var client = new HttpClient { BaseAddress = new Uri(address) };
    var compare = "/compare?" + string.Join("&", names.Take(10).Select(name => $"run={name}"));
    var timings = new Dictionary<string, List<double>>();
    void Add(string what, double ms) => (timings.TryGetValue(what, out var list) ? list : timings[what] = []).Add(ms);
    await FirstByteAsync(client, "/runs"); // warm-up: JIT, first file reads
    for (var round = 0; round < rounds; round++)
    {
        var clock = Stopwatch.StartNew();
        using (var store = RunStore.Open(folder))
            _ = store.List();
        Add("RunStore.List() (reference)", clock.Elapsed.TotalMilliseconds);
        Add("/runs", await FirstByteAsync(client, "/runs"));
        Add(
            "/runs?where=…&sort=…&page=3",
            await FirstByteAsync(client, "/runs?where=epochs%3E1&sort=-accuracy&page=3")
        );
        Add("/compare (10 runs)", await FirstByteAsync(client, compare));
        Add($"/sweeps/{{id}} (50 trials)", await FirstByteAsync(client, $"/sweeps/{Sweep}"));
        clock.Restart();
        using (var registry = new ModelRegistry(BlobStoreFactory.Open(registryUri)))
        {
            _ = await registry.Catalog.VisibleCardsAsync("fashion");
            _ = await registry.Aliases.AllAsync("fashion");
            _ = await registry.Aliases.HistoryAsync("fashion");
        }
        Add("registry reads (reference 2)", clock.Elapsed.TotalMilliseconds);
        Add($"/registry/fashion ({Versions} versions)", await FirstByteAsync(client, "/registry/fashion"));
        Add("/registry/fashion/50", await FirstByteAsync(client, "/registry/fashion/50"));
    }
    var reference = Median(timings["RunStore.List() (reference)"]);
    var registryReference = Median(timings["registry reads (reference 2)"]);
    Console.WriteLine(
        $"{runCount} runs of {epochs} epochs, {rounds} rounds, load {File.ReadAllText("/proc/loadavg").Trim()}"
    );
    Console.WriteLine($"{"request", -32}{"median ms", 12}{"max ms", 10}{"/ reference", 13}");
    foreach (var (what, list) in timings)
    {
        var against = what.StartsWith("/registry", StringComparison.Ordinal) ? registryReference : reference;
        Console.WriteLine($"{what, -32}{Median(list), 12:F1}{list.Max(), 10:F1}{Median(list) / against, 13:F2}");
    }
    Console.WriteLine("(/registry rows are against reference 2: the cards, aliases and history the page must read)");
    Console.WriteLine("targets: /runs first byte <= 300 ms, /compare of 10 runs <= 1000 ms");
}
finally
{
    Directory.Delete(folder, recursive: true);
    if (Directory.Exists(registryFolder))
        Directory.Delete(registryFolder, recursive: true);
}

static async Task<double> FirstByteAsync(HttpClient client, string path)
{
    var clock = Stopwatch.StartNew();
    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
    await using var body = await response.Content.ReadAsStreamAsync();
    _ = body.ReadByte();
    var elapsed = clock.Elapsed.TotalMilliseconds;
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
    return elapsed;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

// One model with <versions> versions, each promoted to staging as it comes (100 alias moves in the history).
static async Task WriteRegistryAsync(string folder, int versions)
{
    using var registry = new ModelRegistry(BlobStoreFactory.Open($"file://{folder}", where: "bench"));
    var file = Path.Combine(folder + "-file", "model.onnx");
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    for (var version = 1; version <= versions; version++)
    {
        await File.WriteAllBytesAsync(file, BitConverter.GetBytes(version));
        var card = await registry.PushAsync(
            new PushRequest
            {
                Model = "fashion",
                Files = [new PushFile(file, "model.onnx")],
                Metrics = new Dictionary<string, double> { ["accuracy"] = 0.8 + version * 0.001 },
            }
        );
        await registry.PromoteAsync(new PromoteRequest("fashion", card.Version, "staging") { Reason = "bench" });
    }
    Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
}

static List<string> WriteRuns(string folder, int count, int epochs, string sweep)
{
    var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    var names = new List<string>();
    for (var i = 0; i < count; i++)
    {
        var lr = (0.001 * (1 + i % 50)).ToString(CultureInfo.InvariantCulture);
        var run = RunFolder.Create(
            folder,
            $"run{i % 7}",
            $"optim:\n  lr: {lr}\ntrain:\n  epochs: {epochs}\n  batch_size: {64 << (i % 3)}\n",
            ["mlops", "train"],
            start.AddMinutes(i),
            trial: i < 50 ? new RunTrial(sweep, i) : null
        );
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var metrics = new EpochMetrics(
                epoch,
                epoch * 100,
                1.0 / epoch,
                0.5,
                1.0 / epoch,
                0.5 + epoch * 0.01,
                0.1,
                500,
                30
            );
            run.Metrics.AppendEpoch(metrics);
            run.RecordEpoch(metrics);
        }
        EvaluationReportFile.Write(
            run.EvaluationPath,
            new EvaluationReport
            {
                Split = "test",
                Images = 10_000,
                Accuracy = 0.8 + i % 100 * 0.001,
            }
        );
        run.MarkCompleted();
        names.Add(run.Name);
    }
    return names;
}
