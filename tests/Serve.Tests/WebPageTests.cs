using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Mlops.Data.FashionMnist;
using Mlops.Data.Images;
using Mlops.Tests.Shared;

namespace Mlops.Serve.Tests;

/// <summary>The page in Debian's chromium (driven by Playwright, no downloaded browser) against a real Kestrel server.</summary>
public sealed class WebPageTests
{
    [Fact]
    public async Task Uploading_images_on_the_page_shows_the_label_version_and_latency_on_the_server_and_in_the_browser()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-page-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var band = Path.Combine(folder, "band7.png");
        File.WriteAllBytes(band, TestModels.BandPng(7));
        var data = FashionMnistDataset.Load(FashionMnistSplit.Test);
        var shirt = Path.Combine(folder, "fashion0.png");
        File.WriteAllBytes(shirt, PngEncoder.Encode(new Image(28, 28, 1, data.ImagePixels(0).ToArray())));

        var options = new ServeOptions
        {
            Models = [$"bands={TestModels.Write(folder, "bands")}"],
            ReloadPollSeconds = 0,
        };
        await using var app = ServeApp.Build([], options, builder => builder.WebHost.UseUrls("http://127.0.0.1:0"));
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var version = (
            await app.Services.GetRequiredService<Mlops.Serve.Models.ModelHost>().AcquireAsync("bands", default)
        ).Version;
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var apiLabel = Http.TopLabel(
            (
                await Http.ReadJson(
                    await http.PostAsync("/v1/models/bands/predict", Http.Files(("f.png", File.ReadAllBytes(shirt))))
                )
            ).GetProperty("predictions")[0]
        );

        await using var chromium = await DebianChromium.LaunchAsync();
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(address);
        await Assertions.Expect(page.Locator("#model option")).ToHaveCountAsync(1);

        await page.SetInputFilesAsync("#file", band);
        await Assertions.Expect(page.Locator("#bars li").First).ToContainTextAsync("seven");
        await Assertions.Expect(page.Locator("#meta")).ToContainTextAsync($"version {version}");
        await Assertions.Expect(page.Locator("#meta")).ToContainTextAsync("on the server");
        (await page.Locator("#spinner").IsHiddenAsync()).Should().BeTrue();

        await page.SetInputFilesAsync("#file", shirt);
        await Assertions.Expect(page.Locator("#bars li").First).ToContainTextAsync(apiLabel);

        await page.CheckAsync("#in-browser");
        await page.SetInputFilesAsync("#file", band);
        await Assertions.Expect(page.Locator("#meta")).ToContainTextAsync("in the browser", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#bars li").First).ToContainTextAsync("seven");
        (await page.Locator("#error").IsHiddenAsync())
            .Should()
            .BeTrue(await page.Locator("#error").TextContentAsync() ?? "");

        await app.StopAsync();
        Directory.Delete(folder, true);
    }
}
