// bench/serve: the issue 5 targets measured side by side in one run on one model file.
//   1. throughput through HTTP with dynamic batching vs in-process ORT batched throughput (target ≥ 80%)
//   2. batch-1 p50 latency over HTTP minus in-process ORT batch-1 p50 (target ≤ 1 ms)
//   3. p99 / p50 at half of the measured HTTP peak (target ≤ 3)
// Usage: dotnet Mlops.Bench.Serve.dll MODEL.onnx [seconds=10] [max_batch=32] [threads=2]
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

var modelPath = args[0];
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var maxBatch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var threads = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
var data = FashionMnistDataset.Load(FashionMnistSplit.Test);
var png = PngEncoder.Encode(new Image(28, 28, 1, data.ImagePixels(0).ToArray()));

// In-process reference on its own session, same threads.
var reference = ModelVersion.Load("ref", new ModelArtifact("file", modelPath), new Mlops.Onnx.SessionOptions { IntraOpThreads = threads }, new BatchingOptions(), IBatchObserver.None);
var item = reference.Signature.Preprocessor(long.MaxValue).Run(png, "bench");
var ortThroughput = InProcess.Throughput(reference, item, maxBatch, seconds);
var (ortP50, ortDecodeP50) = InProcess.Batch1P50(reference, png, 500);
await reference.DrainAsync();

var options = new ServeOptions
{
    Models = [$"fashion={modelPath}"], IntraOpThreads = threads, ReloadPollSeconds = 0,
    Batching = new BatchingOptions { MaxBatchSize = maxBatch, MaxQueueDelayMs = 2, QueueCapacity = 4096 },
};
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
    return new MultipartFormDataContent { { part, "file", "x.png" } };
}

await LoadGenerator.RunAsync(url, Body, 8, TimeSpan.FromSeconds(2), 1_000_000); // warm-up: JIT, connections
var peak = await LoadGenerator.RunAsync(url, Body, maxBatch * 2, TimeSpan.FromSeconds(seconds), 10_000_000);
var single = await LoadGenerator.RunAsync(url, Body, 1, TimeSpan.FromSeconds(seconds), 2000);
var half = await LoadGenerator.RunAsync(url, Body, maxBatch * 2, TimeSpan.FromSeconds(seconds), 10_000_000, ratePerSecond: peak.Throughput / 2);
await app.StopAsync();

string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);
Console.WriteLine($"model {Path.GetFileName(modelPath)}, ORT intra-op threads {threads}, max_batch_size {maxBatch}, max_queue_delay_ms 2, {seconds} s per phase, 2 cores shared by server and load generator");
Console.WriteLine();
Console.WriteLine("| measure | in-process ORT | HTTP server | ratio / difference | target | met |");
Console.WriteLine("|---|---|---|---|---|---|");
var ratio = peak.Throughput / ortThroughput;
Console.WriteLine($"| batched throughput (img/s) | {F(ortThroughput, "0")} (batch {maxBatch}) | {F(peak.Throughput, "0")} ({maxBatch * 2} clients, {peak.Failures} failed) | {F(ratio * 100, "0.0")}% | ≥ 80% | {(ratio >= 0.8 ? "yes" : "no")} |");
var overhead = single.P50Ms - ortP50;
Console.WriteLine($"| batch-1 p50 latency (ms) | {F(ortP50, "0.000")} ORT only; {F(ortDecodeP50, "0.000")} with PNG decode | {F(single.P50Ms, "0.000")} (1 client) | +{F(overhead, "0.000")} ms (+{F(single.P50Ms - ortDecodeP50, "0.000")} vs decode+ORT) | ≤ 1 ms | {(overhead <= 1 ? "yes" : "no")} |");
var spread = half.P99Ms / half.P50Ms;
Console.WriteLine($"| p99 / p50 at half peak ({F(peak.Throughput / 2, "0")} req/s) | | p50 {F(half.P50Ms)} ms, p99 {F(half.P99Ms)} ms, {F(half.Throughput, "0")} req/s achieved | {F(spread)}x | ≤ 3x | {(spread <= 3 ? "yes" : "no")} |");
Console.WriteLine();
Console.WriteLine($"peak run: p50 {F(peak.P50Ms)} ms, p90 {F(peak.P90Ms)} ms, p99 {F(peak.P99Ms)} ms over {peak.Requests} requests");
