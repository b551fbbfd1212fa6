using System.Net;

namespace Mlops.Serve.Tests;

internal static class Eventually
{
    /// <summary>Polls until the condition holds (background work: startup load, reload poll), failing after the timeout.</summary>
    public static async Task True(Func<Task<bool>> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"still not true after {seconds} s: {what}");
            await Task.Delay(25);
        }
    }

    public static Task Ok(HttpClient client, string path) =>
        True(async () => (await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, $"GET {path} answers 200");
}
