using System.CommandLine;
using System.Net.Http.Headers;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Serve.Load;
using Spectre.Console;

namespace Mlops.Cli.Commands.Serve;

/// <summary>`mlops loadtest --url http://127.0.0.1:8080/v1/models/fashion/predict --image x.png --concurrency 16
/// --duration 10`.</summary>
public static class LoadtestCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "Predict endpoint on a loopback address",
            Required = true,
        };
        var image = new Option<string>("--image")
        {
            Description = "Image file posted (multipart) with every request",
            Required = true,
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Clients sending at once",
            DefaultValueFactory = _ => 16,
        };
        var duration = new Option<double>("--duration")
        {
            Description = "Seconds to run at most",
            DefaultValueFactory = _ => 10,
        };
        var requests = new Option<int>("--requests")
        {
            Description = "Requests to send at most",
            DefaultValueFactory = _ => 1_000_000,
        };
        var rate = new Option<double?>("--rate")
        {
            Description = "Target requests per second (default: as fast as answers come)",
        };
        var command = new Command("loadtest", "Load a local server and report throughput and latency percentiles");
        foreach (var option in new Option[] { url, image, concurrency, duration, requests, rate })
            command.Options.Add(option);
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                try
                {
                    var path = parse.GetValue(image)!;
                    if (!File.Exists(path))
                        throw new MlopsException("image file not found", "--image");
                    var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                    HttpContent Body()
                    {
                        var part = new ByteArrayContent(bytes);
                        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                        return new MultipartFormDataContent { { part, "file", Path.GetFileName(path) } };
                    }

                    var target =
                        Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var parsed)
                        && parsed.Scheme is "http" or "https"
                            ? parsed
                            : throw new MlopsException($"'{parse.GetValue(url)}' is not an http:// URL", "--url");
                    var seconds = parse.GetValue(duration);
                    var result = await ProgressBars.CountAsync("loadtest", 1000, progress =>
                        LoadGenerator.RunAsync(
                            target,
                            Body,
                            parse.GetValue(concurrency),
                            TimeSpan.FromSeconds(seconds),
                            parse.GetValue(requests),
                            parse.GetValue(rate),
                            progress is null ? null : new Progress<double>(f => progress.Report((int)(f * 1000))),
                            cancellationToken
                        )
                    );
                    var table = new Table().AddColumns(
                        "requests",
                        "failures",
                        "seconds",
                        "req/s",
                        "p50 ms",
                        "p90 ms",
                        "p99 ms"
                    );
                    table.AddRow(
                        $"{result.Requests}",
                        $"{result.Failures}",
                        $"{result.Elapsed.TotalSeconds:0.00}",
                        $"{result.Throughput:0.0}",
                        $"{result.P50Ms:0.00}",
                        $"{result.P90Ms:0.00}",
                        $"{result.P99Ms:0.00}"
                    );
                    AnsiConsole.Write(table);
                    Console.WriteLine(
                        "status codes: "
                            + string.Join(
                                ", ",
                                result
                                    .StatusCounts.OrderBy(p => p.Key)
                                    .Select(p => $"{(p.Key == 0 ? "no answer" : p.Key)}×{p.Value}")
                            )
                    );
                    return result.Failures == 0 ? 0 : 1;
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }
}
