// bench/serve: the issue 5 targets measured side by side in one run on one model file.
//   1. throughput through HTTP with dynamic batching vs in-process ORT batched throughput (target ≥ 80%)
//   2. batch-1 p50 latency over HTTP minus in-process ORT batch-1 p50 (target ≤ 1 ms), one call of each in turn
//   3. p99 / p50 at half of the measured HTTP peak (target ≤ 3)
// Each round measures the in-process reference right before its HTTP counterpart, and the figures are medians over
// rounds, so a load change on the machine hits both sides of a ratio alike.
// Usage: dotnet Mlops.Bench.Serve.dll MODEL.onnx [seconds=5] [max_batch=32] [threads=2] [rounds=3] [max_queue_delay_ms=2] [ort_spin_wait=0]
//        dotnet Mlops.Bench.Serve.dll --write-model MODEL.onnx   (the model, written by our exporter)
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mlops.Bench.Serve;
using Mlops.Data.FashionMnist;
using Mlops.Data.Images;
using Mlops.Serve;
using Mlops.Serve.Batching;
using Mlops.Serve.Load;
using Mlops.Serve.Models;

if (args is ["--write-model", var output])
{
    ExportedClassifier.Write(output);
    return 0;
}

string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;
var modelPath = args[0];
var seconds = double.Parse(Arg(1, "5"), CultureInfo.InvariantCulture);
var maxBatch = int.Parse(Arg(2, "32"), CultureInfo.InvariantCulture);
var threads = int.Parse(Arg(3, "2"), CultureInfo.InvariantCulture);
var rounds = int.Parse(Arg(4, "3"), CultureInfo.InvariantCulture);
var queueDelayMs = double.Parse(Arg(5, "2"), CultureInfo.InvariantCulture);
var spin = Arg(6, "0") != "0";
var phase = TimeSpan.FromSeconds(seconds);

var data = FashionMnistDataset.Load(FashionMnistSplit.Test);
var png = PngEncoder.Encode(new Image(28, 28, 1, data.ImagePixels(0).ToArray()));

var options = new ServeOptions
{
    Models = [$"fashion={modelPath}"], IntraOpThreads = threads, ReloadPollSeconds = 0, OrtSpinWait = spin,
    Batching = new BatchingOptions { MaxBatchSize = maxBatch, MaxQueueDelayMs = queueDelayMs, QueueCapacity = 4096 },
};
// The in-process reference: its own session with the server's settings, called directly (no HTTP, no queue).
ModelVersion reference;
using (var sessionOptions = ServeApp.SessionOptionsFor(options))
    reference = ModelVersion.Load("ref", new ModelArtifact("file", modelPath), sessionOptions, new BatchingOptions(),
        IBatchObserver.None);
var item = reference.Signature.Preprocessor(long.MaxValue).Run(png, "bench");

await using var app = ServeApp.Build([], options, builder =>
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
});
await app.StartAsync();
await app.Services.GetRequiredService<ModelHost>().AcquireAsync("fashion", default);
var url = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/v1/models/fashion/predict?top_k=1");
HttpContent Body()
{
    var part = new ByteArrayContent(png);
    part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
    return new MultipartFormDataContent { { part, "file", "x.png" } }; // the form the web page and `curl -F` send
}

// Warm-up: JIT (tiered, PGO), connections, ORT's first runs, on both sides.
InProcess.Throughput(reference, item, maxBatch, 1);
await LoadGenerator.RunAsync(url, Body, maxBatch * 2, TimeSpan.FromSeconds(2), 10_000_000);
await LoadGenerator.RunAsync(url, Body, 1, TimeSpan.FromSeconds(1), 1_000_000);

var results = new List<Round>();
for (var r = 0; r < rounds; r++)
{
    var ortThroughput = InProcess.Throughput(reference, item, maxBatch, seconds);
    var peak = await LoadGenerator.RunAsync(url, Body, maxBatch * 2, phase, 10_000_000);
    var single = await Interleaved.MeasureAsync(reference, png, url, Body, 2000, phase);
    var half = await LoadGenerator.RunAsync(url, Body, maxBatch * 2, phase, 10_000_000, ratePerSecond: peak.Throughput / 2);
    var round = new Round(ortThroughput, peak, single, half);
    results.Add(round);
    Console.Error.WriteLine($"round {r + 1}/{rounds}: throughput {F(round.ThroughputRatio, "0.000")}, batch-1 overhead {F(round.OverheadMs, "0.000")} ms, p99/p50 at half peak {F(round.Spread)}x");
}

await app.StopAsync();
await reference.DrainAsync();

static string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);
static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Verdict(bool met) => met ? "PASS" : "FAIL";

Console.WriteLine($"model {Path.GetFileName(modelPath)}, ORT intra-op threads {threads} (spin-wait {(spin ? "on" : "off")}), max_batch_size {maxBatch}, " +
                  $"max_queue_delay_ms {F(queueDelayMs, "0.##")}, {rounds} rounds of {F(seconds, "0.#")} s per phase, server and load generator share the machine's {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| round | in-process ORT batched (img/s) | HTTP peak (img/s) | ratio | ORT batch-1 p50 (ms) | with PNG decode (ms) | HTTP batch-1 p50 (ms) | overhead (ms) | half-peak p50 / p99 (ms) | p99/p50 |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
for (var r = 0; r < results.Count; r++)
{
    var x = results[r];
    Console.WriteLine($"| {r + 1} | {F(x.OrtThroughput, "0")} | {F(x.Peak.Throughput, "0")} ({x.Peak.Failures} failed) | {F(x.ThroughputRatio, "0.000")} | {F(x.Single.OrtP50, "0.000")} | {F(x.Single.DecodeOrtP50, "0.000")} | " +
                      $"{F(x.Single.HttpP50, "0.000")} ({x.Single.Failures} failed) | {F(x.OverheadMs, "+0.000;-0.000")} | {F(x.Half.P50Ms)} / {F(x.Half.P99Ms)} ({F(x.Half.Throughput, "0")} req/s) | {F(x.Spread)} |");
}

var ratio = Median(results.Select(x => x.ThroughputRatio));
var overhead = Median(results.Select(x => x.OverheadMs));
var spread = Median(results.Select(x => x.Spread));
Console.WriteLine();
Console.WriteLine($"target 1  HTTP batched throughput / in-process ORT batched throughput = {F(ratio, "0.000")}  (target >= 0.80)  {Verdict(ratio >= 0.8)}");
Console.WriteLine($"target 2  batch-1 p50 over HTTP - in-process ORT batch-1 p50 = {F(overhead, "+0.000;-0.000")} ms  (target <= 1 ms)  {Verdict(overhead <= 1)}");
Console.WriteLine($"target 3  p99 / p50 at half of peak load = {F(spread)}x  (target <= 3x)  {Verdict(spread <= 3)}");
Console.WriteLine("(medians over rounds; in each round in-process ORT runs right before its HTTP counterpart, and batch-1 calls alternate one by one)");
return ratio >= 0.8 && overhead <= 1 && spread <= 3 ? 0 : 1;

/// <summary>One round's side-by-side figures.</summary>
internal sealed record Round(double OrtThroughput, LoadResult Peak, Interleaved.Batch1 Single, LoadResult Half)
{
    public double ThroughputRatio => Peak.Throughput / OrtThroughput;
    public double OverheadMs => Single.OverheadMs;
    public double Spread => Half.P99Ms / Half.P50Ms;
}
