using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Artifacts;
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
try
{
    var names = WriteRuns(folder, runCount, epochs);
    await using var app = UiServer.Build(new UiOptions(folder, "http://127.0.0.1:0"));
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
    }
    var reference = Median(timings["RunStore.List() (reference)"]);
    Console.WriteLine(
        $"{runCount} runs of {epochs} epochs, {rounds} rounds, load {File.ReadAllText("/proc/loadavg").Trim()}"
    );
    Console.WriteLine($"{"request", -32}{"median ms", 12}{"max ms", 10}{"/ reference", 13}");
    foreach (var (what, list) in timings)
        Console.WriteLine($"{what, -32}{Median(list), 12:F1}{list.Max(), 10:F1}{Median(list) / reference, 13:F2}");
    Console.WriteLine("targets: /runs first byte <= 300 ms, /compare of 10 runs <= 1000 ms");
}
finally
{
    Directory.Delete(folder, recursive: true);
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

static List<string> WriteRuns(string folder, int count, int epochs)
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
            start.AddMinutes(i)
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
