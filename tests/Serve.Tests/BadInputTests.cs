using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Mlops.Data.Images;

namespace Mlops.Serve.Tests;

/// <summary>Every bad input gets a 4xx problem+json saying what was wrong and where; the server keeps answering.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Bad_images_bodies_models_and_tensors_get_problem_json_and_the_server_stays_up()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { MaxBodyBytes = 200_000 });
        var client = server.Client;
        var png = TestModels.BandPng(1);

        await Expect(
            client.PostAsync(
                "/v1/models/bands/predict",
                Http.Files(("notes.txt", Encoding.UTF8.GetBytes("hello, not an image")))
            ),
            400,
            "not a readable image",
            "notes.txt"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict", Http.Files(("cut.png", png[..(png.Length / 2)]))),
            400,
            "truncated",
            "cut.png"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict", Http.Files(("huge.png", HugePngHeader(10_000, 10_000)))),
            400,
            "100 megapixels",
            "huge.png"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict", Http.Files(("big.png", new byte[300_000]))),
            413,
            "above the limit of 200000 bytes",
            "request body"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict", new StringContent("hi", Encoding.UTF8, "text/plain")),
            415,
            "text/plain",
            "Content-Type"
        );
        await Expect(
            client.PostAsync("/v1/models/nope/predict", Http.Files(("a.png", png))),
            404,
            "unknown model 'nope'",
            "model"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict?version=999", Http.Files(("a.png", png))),
            404,
            "version '999' of model 'bands' is not served",
            "version"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict", Http.Json("{\"images\": [\"@@not base64@@\"]}")),
            400,
            "not valid base64",
            "images[0]"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict", Http.Json("{\"images\": [")),
            400,
            "invalid JSON",
            "request body"
        );
        await Expect(
            client.PostAsync("/v2/models/bands/infer", Http.Json(V2Body("\"NaN\"", 28 * 28))),
            400,
            "NaN",
            "inputs[0].data"
        );
        await Expect(
            client.PostAsync("/v2/models/bands/infer", Http.Json(V2Body("1e39", 28 * 28))),
            400,
            "NaN, infinite",
            "inputs[0].data"
        );
        await Expect(
            client.PostAsync("/v2/models/bands/infer", Http.Json(V2Body("0.5", 10))),
            400,
            "needs 784 values",
            "inputs[0].data"
        );
        await Expect(
            client.PostAsync("/v1/models/bands/predict?top_k=0", Http.Files(("a.png", png))),
            400,
            "top_k",
            "top_k"
        );

        var ok = await client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", png)));
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        Http.TopLabel((await Http.ReadJson(ok)).GetProperty("predictions")[0]).Should().Be("one");
        var metrics = await client.GetStringAsync("/metrics");
        metrics
            .Should()
            .Contain("mlops_requests_total{model=\"bands\",version=\"\",status=\"400\"}")
            .And.Contain("mlops_requests_total{model=\"(unknown)\",version=\"\",status=\"404\"}");
    }

    [Fact]
    public async Task Json_of_the_wrong_shape_gets_400_naming_the_field_not_a_server_error()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { WebhookSecret = Http.WebhookSecret });
        var client = server.Client;

        await Expect(
            client.PostAsync("/v2/models/bands/infer", Http.Json("[]")),
            400,
            "expected a JSON object",
            "request body"
        );
        await Expect(
            client.PostAsync("/v2/models/bands/infer", Http.Json("{\"inputs\": [5]}")),
            400,
            "tensor object",
            "inputs[0]"
        );
        await Expect(
            client.PostAsync("/v2/models/bands/infer", Http.Json("{\"inputs\": [{\"datatype\": 5}]}")),
            400,
            "datatype must be FP32, got '5'",
            "inputs[0].datatype"
        );
        await Expect(
            client.PostAsync(
                "/v2/models/bands/infer",
                Http.Json("{\"inputs\": [{\"shape\": [[1], 1, 28, 28], \"datatype\": \"FP32\", \"data\": [1]}]}")
            ),
            400,
            "shape holds [1], expected positive integers",
            "inputs[0].shape"
        );
        await Expect(
            client.PostAsync(
                "/v2/models/bands/infer",
                Http.Json("{\"inputs\": [{\"shape\": [1, 1, 28, 28], \"datatype\": \"FP32\", \"data\": \"abc\"}]}")
            ),
            400,
            "data must be an array of numbers, got string",
            "inputs[0].data"
        );
        await Expect(
            Http.PostSigned(client, "/v1/registry/webhook", "[]"),
            400,
            "expected a JSON object",
            "request body"
        );
        await Expect(
            Http.PostSigned(client, "/v1/registry/webhook", "{\"model\": 5}"),
            400,
            "model must be a string, got 5",
            "model"
        );

        (await client.GetStringAsync("/metrics")).Should().NotContain("status=\"500\"");
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_and_the_rest_still_succeeds()
    {
        await using var server = ServerFixture.WithBandModel(o =>
            o with
            {
                Batching = o.Batching with { QueueCapacity = 1, MaxBatchSize = 1, MaxQueueDelayMs = 0 },
            }
        );
        var images = Enumerable.Range(0, 64).Select(i => ($"{i}.png", TestModels.BandPng(i % 10))).ToArray();
        var responses = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => server.Client.PostAsync("/v1/models/bands/predict", Http.Files(images)))
        );

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        refused.Should().NotBeEmpty("64 rows cannot fit a queue of 1");
        refused[0].Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await Http.ReadJson(refused[0])).GetProperty("detail").GetString().Should().Contain("queued already");
        (await server.Client.PostAsync("/v1/models/bands/predict", Http.Files(("one.png", TestModels.BandPng(6)))))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        (await server.Client.GetStringAsync("/metrics"))
            .Should()
            .Contain("mlops_queue_rejections_total{model=\"bands\"}");
    }

    [Fact]
    public async Task A_flood_of_bad_requests_leaves_memory_bounded_and_the_server_answering()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { MaxBodyBytes = 1_000_000 });
        var png = TestModels.BandPng(4);
        HttpContent[] Bad() =>
            [
                Http.Files(("cut.png", png[..(png.Length / 2)])),
                Http.Files(("huge.png", HugePngHeader(30_000, 30_000))),
                Http.Files(("noise.bin", new byte[50_000])),
                Http.Files(("big.png", new byte[1_200_000])),
            ];
        async Task Flood(int rounds)
        {
            for (var i = 0; i < rounds; i++)
                await Task.WhenAll(
                    Bad()
                        .Select(async body =>
                            ((int)(await server.Client.PostAsync("/v1/models/bands/predict", body)).StatusCode)
                                .Should()
                                .BeInRange(400, 499)
                        )
                );
        }

        await Flood(20); // warm-up: JIT, pools
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await Flood(150);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        (after - before)
            .Should()
            .BeLessThan(16L << 20, "600 refused requests must not leave their bodies or pixels behind");
        Http.TopLabel(
                (
                    await Http.ReadJson(
                        await server.Client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", png)))
                    )
                ).GetProperty("predictions")[0]
            )
            .Should()
            .Be("four");
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_at_the_limit_with_413()
    {
        await using var server = ServerFixture.WithBandModel(o => o with { MaxBodyBytes = 100_000 });
        var chunked = new StreamContent(new MemoryStream(new byte[250_000]));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/bands/predict") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;

        await Expect(server.Client.SendAsync(request), 413, "larger than the limit of 100000 bytes", "request body");
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_upload_is_counted_and_the_server_keeps_answering()
    {
        // A real socket on a real Kestrel: the test host has no connection to drop.
        var folder = Directory.CreateTempSubdirectory("mlops-serve-disconnect-").FullName;
        var options = new ServeOptions
        {
            Models = [$"bands={TestModels.Write(folder, "bands")}"],
            ReloadPollSeconds = 0,
            CacheFolder = Path.Combine(folder, "cache"),
        };
        await using var app = ServeApp.Build([], options, builder => builder.WebHost.UseUrls("http://127.0.0.1:0"));
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Urls.First());
            using var client = new HttpClient { BaseAddress = address };
            var png = TestModels.BandPng(3);
            for (var i = 0; i < 5; i++)
            {
                using var socket = new System.Net.Sockets.TcpClient();
                await socket.ConnectAsync(address.Host, address.Port);
                var stream = socket.GetStream();
                await stream.WriteAsync(
                    Encoding.ASCII.GetBytes(
                        $"POST /v1/models/bands/predict HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: image/png\r\nContent-Length: {png.Length}\r\n\r\n"
                    )
                );
                await stream.WriteAsync(png.AsMemory(0, png.Length / 2));
                await stream.FlushAsync();
                await Task.Delay(100); // the server is reading the body now
            } // each socket closes here, half a body sent

            await Eventually.True(
                async () => Abandoned(await client.GetStringAsync("/metrics")) == 5,
                "the 5 abandoned requests are counted"
            );
            Http.TopLabel(
                    (
                        await Http.ReadJson(
                            await client.PostAsync("/v1/models/bands/predict", Http.Files(("a.png", png)))
                        )
                    ).GetProperty("predictions")[0]
                )
                .Should()
                .Be("three");
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(folder, recursive: true);
        }

        // Requests for the bands model that ended in a 4xx: 499 when the server saw the disconnect, 400 when it saw a cut body.
        static int Abandoned(string metrics) =>
            metrics
                .Split('\n')
                .Where(line =>
                    line.StartsWith(
                        "mlops_requests_total{model=\"bands\",version=\"\",status=\"4",
                        StringComparison.Ordinal
                    )
                )
                .Sum(line =>
                    int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)
                );
    }

    private static async Task Expect(Task<HttpResponseMessage> request, int status, string detail, string where)
    {
        var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await Http.ReadJson(response);
        problem.GetProperty("detail").GetString().Should().Contain(detail);
        problem.GetProperty("where").GetString().Should().Be(where);
        text.Should().NotContain("   at ", "no stack trace reaches a client");
    }

    /// <summary>A PNG that is only a signature and an IHDR chunk claiming a huge size: refusing it must not need the pixels.</summary>
    private static byte[] HugePngHeader(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        PngEncoder.WriteChunk(stream, "IHDR", PngEncoder.Header(width, height, 0));
        return stream.ToArray();
    }

    private static string V2Body(string value, int count) =>
        $"{{\"inputs\": [{{\"name\": \"image\", \"shape\": [1, 1, 28, 28], \"datatype\": \"FP32\", \"data\": [{string.Join(",", Enumerable.Repeat(value, count))}]}}]}}";
}
