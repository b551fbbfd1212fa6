namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>Polls a URL until it answers 2xx, for servers and containers that are starting.</summary>
public static class HttpProbe
{
    public static async Task<string> WaitForAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                    return await response.Content.ReadAsStringAsync();
                last = new HttpRequestException($"{(int)response.StatusCode}");
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                last = error;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"{url} did not answer within {timeout}: {last?.Message}");
    }
}
