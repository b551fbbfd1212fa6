using System.Collections.Concurrent;
using System.Net;

namespace Mlops.Serve.Tests;

/// <summary>
/// Clients predicting band images in a loop until stopped, recording every failure and which versions answered.
/// <paramref name="expectedLabel"/> says, for a version and a band, which label is right.
/// </summary>
internal sealed class BackgroundClients(HttpClient client, string model, Func<string, int, string> expectedLabel)
{
    private readonly byte[][] _images = Enumerable.Range(0, 10).Select(band => TestModels.BandPng(band)).ToArray();
    private readonly CancellationTokenSource _stop = new();
    private Task[] _clients = [];

    public ConcurrentBag<string> Failures { get; } = [];
    public ConcurrentDictionary<string, int> AnswersByVersion { get; } = new();

    public void Start(int count) =>
        _clients = Enumerable.Range(0, count).Select(c => Task.Run(() => Loop(c))).ToArray();

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
        _stop.Dispose();
    }

    private async Task Loop(int first)
    {
        for (var i = first; !_stop.IsCancellationRequested; i++)
        {
            var band = i % 10;
            var response = await client.PostAsync(
                $"/v1/models/{model}/predict?top_k=1",
                Http.Files(("x.png", _images[band]))
            );
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failures.Add($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            var body = await Http.ReadJson(response);
            var version = body.GetProperty("version").GetString()!;
            AnswersByVersion.AddOrUpdate(version, 1, (_, n) => n + 1);
            var label = Http.TopLabel(body.GetProperty("predictions")[0]);
            if (label != expectedLabel(version, band))
                Failures.Add($"version {version} answered {label} for band {band}");
        }
    }
}
