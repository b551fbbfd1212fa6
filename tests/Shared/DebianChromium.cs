using Microsoft.Playwright;

namespace Mlops.Tests.Shared;

/// <summary>
/// Debian's chromium (scripts/apt-test.txt) driven by Playwright — no browser download, which this network does not
/// allow. One launch recipe for every test that looks at a page we render.
/// </summary>
internal sealed class DebianChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private DebianChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<DebianChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: chromium comes from scripts/apt-test.txt"
            );
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(
                new()
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    // Root in a container: no sandbox; no GPU; nothing that reaches for the network on its own.
                    Args =
                    [
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                    ],
                }
            );
            return new DebianChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
