using System.Net;
using System.Text.Json;

namespace Mlops.Serve.Tests;

public sealed class PredictApiTests
{
    [Fact]
    public async Task Multipart_upload_of_several_files_gets_each_label_with_version_and_timings()
    {
        await using var server = ServerFixture.WithBandModel();
        var response = await server.Client.PostAsync(
            "/v1/models/bands/predict",
            Http.Files(
                ("three.png", TestModels.BandPng(3)),
                ("seven.png", TestModels.BandPng(7)),
                ("zero.png", TestModels.BandPng(0))
            )
        );

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await Http.ReadJson(response);
        body.GetProperty("model").GetString().Should().Be("bands");
        body.GetProperty("version").GetString().Should().HaveLength(12);
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        predictions
            .Select(p => p.GetProperty("input").GetString())
            .Should()
            .Equal("three.png", "seven.png", "zero.png");
        predictions.Select(Http.TopLabel).Should().Equal("three", "seven", "zero");
        predictions[0].GetProperty("top")[0].GetProperty("probability").GetSingle().Should().BeGreaterThan(0.99f);
        predictions[0].GetProperty("top").GetArrayLength().Should().Be(5);
        body.GetProperty("timings_ms").GetProperty("total").GetDouble().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Json_base64_rgb_and_larger_images_are_preprocessed_from_the_model_metadata()
    {
        await using var server = ServerFixture.WithBandModel();
        var images = new[] { TestModels.BandPng(5, size: 56, channels: 3), TestModels.BandPng(9, size: 84) };
        var json = JsonSerializer.Serialize(new { images = images.Select(Convert.ToBase64String), top_k = 2 });

        var response = await server.Client.PostAsync("/v1/models/bands/predict", Http.Json(json));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var predictions = (await Http.ReadJson(response)).GetProperty("predictions").EnumerateArray().ToList();
        predictions.Select(Http.TopLabel).Should().Equal("five", "nine");
        predictions[1].GetProperty("top").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task A_raw_png_body_is_one_image()
    {
        await using var server = ServerFixture.WithBandModel();
        var content = new ByteArrayContent(TestModels.BandPng(2));
        content.Headers.ContentType = new("image/png");
        var response = await server.Client.PostAsync("/v1/models/bands/predict?top_k=1", content);
        var body = await Http.ReadJson(response);
        Http.TopLabel(body.GetProperty("predictions")[0]).Should().Be("two");
    }

    [Fact]
    public async Task V2_infer_returns_the_model_logits_for_each_row()
    {
        await using var server = ServerFixture.WithBandModel();
        var data = TestModels.BandTensor(4).Concat(TestModels.BandTensor(8)).ToArray();
        var json = JsonSerializer.Serialize(
            new
            {
                id = "req-1",
                inputs = new[]
                {
                    new
                    {
                        name = "image",
                        shape = new[] { 2, 1, 28, 28 },
                        datatype = "FP32",
                        data,
                    },
                },
            }
        );

        var response = await server.Client.PostAsync("/v2/models/bands/infer", Http.Json(json));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await Http.ReadJson(response);
        body.GetProperty("model_name").GetString().Should().Be("bands");
        body.GetProperty("id").GetString().Should().Be("req-1");
        var output = body.GetProperty("outputs")[0];
        output.GetProperty("name").GetString().Should().Be("logits");
        output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(2, 10);
        var logits = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        for (var k = 0; k < 10; k++)
        {
            logits[k].Should().BeApproximately(k == 4 ? 56 : -56, 1e-3f);
            logits[10 + k].Should().BeApproximately(k == 8 ? 56 : -56, 1e-3f);
        }
    }

    [Fact]
    public async Task Models_health_ready_metadata_and_openapi_answer()
    {
        await using var server = ServerFixture.WithBandModel();
        (await server.Client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        await Eventually.Ok(server.Client, "/ready");

        var models = await Http.ReadJson(await server.Client.GetAsync("/v1/models"));
        var model = models.GetProperty("models")[0];
        model.GetProperty("name").GetString().Should().Be("bands");
        model.GetProperty("loaded").GetBoolean().Should().BeTrue();
        model.GetProperty("labels").GetArrayLength().Should().Be(10);
        model
            .GetProperty("input")
            .GetProperty("shape")
            .EnumerateArray()
            .Select(e => e.GetInt32())
            .Should()
            .Equal(-1, 1, 28, 28);

        var one = await Http.ReadJson(await server.Client.GetAsync("/v1/models/bands"));
        one.GetProperty("version").GetString().Should().Be(model.GetProperty("version").GetString());
        var v2 = await Http.ReadJson(await server.Client.GetAsync("/v2/models/bands"));
        v2.GetProperty("inputs")[0].GetProperty("name").GetString().Should().Be("image");

        var openApi = await server.Client.GetStringAsync("/openapi/v1.json");
        openApi.Should().Contain("/v1/models/{model}/predict").And.Contain("/v2/models/{model}/infer");
        (await server.Client.GetStringAsync("/")).Should().Contain("<html");
    }
}
