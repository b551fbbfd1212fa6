using System.Net;

namespace Mlops.Serve.Tests;

public sealed class ModelHostTests
{
    [Fact]
    public async Task Models_load_on_first_use_and_the_least_recently_used_is_unloaded_past_the_memory_cap()
    {
        await using var server = ServerFixture.Start(folder =>
        {
            var a = TestModels.Write(folder, "a");
            var b = TestModels.Write(folder, "b", shift: 9, labels: TestModels.Labels.Select(l => "b-" + l).ToArray());
            return new ServeOptions
            {
                Models = [a, $"second={b}"],
                Preload = false,
                ReloadPollSeconds = 0,
                MemoryCapBytes = new FileInfo(a).Length + 100, // room for one model
            };
        });
        async Task<string> Predict(string model, int band)
        {
            var response = await server.Client.PostAsync(
                $"/v1/models/{model}/predict",
                Http.Files(("x.png", TestModels.BandPng(band)))
            );
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return Http.TopLabel((await Http.ReadJson(response)).GetProperty("predictions")[0]);
        }

        async Task<bool[]> Loaded() =>
            (await Http.ReadJson(await server.Client.GetAsync("/v1/models")))
                .GetProperty("models")
                .EnumerateArray()
                .Select(m => m.GetProperty("loaded").GetBoolean())
                .ToArray();

        (await Loaded()).Should().Equal(false, false);
        (await Predict("a", 3)).Should().Be("three");
        (await Loaded()).Should().Equal(true, false);
        (await Predict("second", 3))
            .Should()
            .Be("b-four", "model 'second' is a different network (band k → class k+1... labelled b-)");
        (await Loaded()).Should().Equal(false, true);
        (await Predict("a", 5)).Should().Be("five");
        (await Loaded()).Should().Equal(true, false);
    }
}
