using System.Net;

namespace Mlops.Serve.Tests;

/// <summary>`GET /v1/models/{m}/onnx` (the page's in-browser path) hands out a model's file unless turned off for it.</summary>
public sealed class ModelDownloadTests
{
    [Fact]
    public async Task The_file_is_handed_out_by_default_and_refused_with_403_for_a_model_turned_off()
    {
        await using var open = ServerFixture.WithBandModel();
        await Eventually.Ok(open.Client, "/ready");
        var file = await open.Client.GetAsync("/v1/models/bands/onnx");
        file.StatusCode.Should().Be(HttpStatusCode.OK);
        (await file.Content.ReadAsByteArrayAsync())
            .Should()
            .Equal(File.ReadAllBytes(Path.Combine(open.Folder, "bands.onnx")));
        (await Http.ReadJson(await open.Client.GetAsync("/v1/models/bands")))
            .GetProperty("downloadable")
            .GetBoolean()
            .Should()
            .BeTrue();

        foreach (var off in new[] { "bands", "*" })
        {
            await using var closed = ServerFixture.WithBandModel(o => o with { NoDownload = [off] });
            await Eventually.Ok(closed.Client, "/ready");
            var refused = await closed.Client.GetAsync("/v1/models/bands/onnx");
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await Http.ReadJson(refused)).GetProperty("detail").GetString().Should().Contain("--no-download");
            var listed = (await Http.ReadJson(await closed.Client.GetAsync("/v1/models"))).GetProperty("models")[0];
            listed.GetProperty("downloadable").GetBoolean().Should().BeFalse("the page then offers the server only");
        }
    }

    [Fact]
    public void A_no_download_name_the_server_does_not_serve_is_refused_before_it_listens()
    {
        // ServeApp.Build as `mlops serve` and the image call it (WebApplicationFactory runs the entry point on another
        // thread and reports a refusal at build as the host it could not start).
        var folder = Directory.CreateTempSubdirectory("mlops-no-download-").FullName;
        var options = new ServeOptions
        {
            Models = [$"bands={TestModels.Write(folder, "bands")}"],
            ReloadPollSeconds = 0,
            NoDownload = ["bnads"],
        };

        var act = () => ServeApp.Build([], options);

        act.Should()
            .Throw<Core.Errors.MlopsException>()
            .Which.ToString()
            .Should()
            .Be("--no-download: 'bnads' is not a model this server serves (bands)");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_image_server_takes_no_download_from_its_command_line()
    {
        var options = ServeArguments.Parse(
            ["--model", "a=/m/a.onnx", "--no-download", "a", "--no-download", "b"],
            out _,
            out _
        );

        options.NoDownload.Should().Equal("a", "b");
        options.AllowsDownload("a").Should().BeFalse();
        options.AllowsDownload("c").Should().BeTrue();
    }
}
