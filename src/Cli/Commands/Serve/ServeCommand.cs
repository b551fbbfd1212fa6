using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Serve;
using Mlops.Serve.Batching;

namespace Mlops.Cli.Commands.Serve;

/// <summary>`mlops serve --model fashion@production [--model other=file.onnx] [--port 8080]`: the HTTP model
/// server.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string[]>("--model")
        {
            Description =
                "Model to serve: a registry reference (fashion@production, fashion:3), a .onnx file, or "
                + "name=<either>; repeat for several",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var port = new Option<int>("--port")
        {
            Description = "TCP port (default: $PORT or 8080)",
            DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 8080,
        };
        var host = new Option<string>("--host")
        {
            Description =
                "Address to listen on: an IP address (127.0.0.1, ::1), localhost, or 0.0.0.0 / * for every interface",
            DefaultValueFactory = _ => "0.0.0.0",
        };
        var registry = RegistryStoreOption.Create();
        var maxBatch = new Option<int>("--max-batch-size")
        {
            Description = "Rows per batch at most",
            DefaultValueFactory = _ => 32,
        };
        var delay = new Option<double>("--max-queue-delay-ms")
        {
            Description = "How long a row may wait for company",
            DefaultValueFactory = _ => 2,
        };
        var queue = new Option<int>("--queue-capacity")
        {
            Description = "Rows allowed to wait per model; beyond it: 503 + Retry-After",
            DefaultValueFactory = _ => 1024,
        };
        var timeout = new Option<int>("--timeout-ms")
        {
            Description = "Per-request deadline (504 beyond)",
            DefaultValueFactory = _ => 30_000,
        };
        var memory = new Option<long>("--memory-cap-mb")
        {
            Description = "Loaded model files may take this much; least recently used are unloaded beyond",
            DefaultValueFactory = _ => 2048,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "ONNX Runtime intra-op threads (0 = one per core)",
            DefaultValueFactory = _ => 0,
        };
        var poll = new Option<double>("--reload-poll-seconds")
        {
            Description = "How often sources are checked for a new version (0 = webhook only)",
            DefaultValueFactory = _ => 10,
        };
        var drift = new Option<string?>("--drift-log")
        {
            Description = "Folder for drift logs (JSONL, rotated by size)",
        };
        var upload = new Option<string?>("--drift-upload")
        {
            Description = "Bucket URI (file://, gs://) receiving every closed drift log file",
        };
        var noDownload = new Option<string[]>("--no-download")
        {
            Description = "Do not hand out this model's file at /v1/models/<m>/onnx (repeatable; * for all)",
            AllowMultipleArgumentsPerToken = false,
        };
        var driftReference = new Option<string?>("--drift-reference")
        {
            Description =
                "Training reference (run folder or drift JSONL) that recent predictions are compared with, "
                + "published as mlops_drift_* for alerts",
        };
        var driftWindow = new Option<int>("--drift-window")
        {
            Description = "Recent predictions per model the live drift comparison holds",
            DefaultValueFactory = _ => 500,
        };
        var lazy = new Option<bool>("--lazy")
        {
            Description = "Load each model on its first request instead of at start",
        };
        var spin = new Option<bool>("--ort-spin-wait")
        {
            Description =
                "Let ONNX Runtime's threads spin between runs (faster alone, slower when HTTP work shares the cores)",
        };

        var command = new Command(
            "serve",
            "Serve ONNX models over HTTP: dynamic batching, hot reload, metrics, drift logs, a web page"
        );
        foreach (
            var option in new Option[]
            {
                model,
                port,
                host,
                registry,
                maxBatch,
                delay,
                queue,
                timeout,
                memory,
                threads,
                poll,
                drift,
                upload,
                driftReference,
                driftWindow,
                noDownload,
                lazy,
                spin,
            }
        )
            command.Options.Add(option);
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    var options = new ServeOptions
                    {
                        Models = parse.GetValue(model)!,
                        Registry = RegistryStoreOption.Resolve(parse, registry),
                        Batching = new BatchingOptions
                        {
                            MaxBatchSize = parse.InRange(maxBatch, 1, 4096),
                            MaxQueueDelayMs = parse.InRange(delay, 0, 60_000),
                            QueueCapacity = parse.InRange(queue, 1, 1_000_000),
                        },
                        RequestTimeoutMs = parse.InRange(timeout, 1, int.MaxValue),
                        MemoryCapBytes = parse.InRange(memory, 1, 1L << 30) << 20,
                        IntraOpThreads = parse.InRange(threads, 0, 1024),
                        ReloadPollSeconds = parse.InRange(poll, 0, 86_400),
                        DriftLogFolder = parse.GetValue(drift),
                        DriftUpload = parse.GetValue(upload),
                        DriftReference = parse.GetValue(driftReference),
                        NoDownload = parse.GetValue(noDownload) ?? [],
                        DriftWindow = parse.InRange(driftWindow, 30, 1_000_000),
                        Preload = !parse.GetValue(lazy),
                        OrtSpinWait = parse.GetValue(spin),
                    };
                    var url = $"http://{ListenHost(parse, host)}:{parse.InRange(port, 1, 65_535)}";
                    var app = ServeApp.Build([], options, builder => builder.WebHost.UseUrls(url));
                    await app.StartAsync(cancellationToken);
                    Console.WriteLine(
                        $"serving {string.Join(", ", options.Models)} on {url} (page at /, metrics at /metrics)"
                    );
                    await app.WaitForShutdownAsync(cancellationToken);
                    return 0;
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }

    /// <summary>
    /// A host Kestrel binds as asked: an IP address, localhost, or * / + for every interface. Any other name Kestrel
    /// quietly binds to every interface, so a typo would expose the server where it was meant to be private.
    /// </summary>
    private static string ListenHost(ParseResult parse, Option<string> option)
    {
        var host = parse.GetValue(option)!;
        if (host is "localhost" or "*" or "+")
            return host;
        // IPAddress also reads "8080" or "10.0.0" (inet_aton's short forms); a listen address is written in full.
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
                return $"[{address}]";
            if (host.Count(c => c == '.') == 3)
                return host;
        }
        throw new MlopsException(
            $"must be an IP address (127.0.0.1, ::1), localhost, or 0.0.0.0 / * for every interface; got '{host}'",
            option.Name
        );
    }
}
