using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;

namespace Mlops.Ui.Tests;

/// <summary>
/// A console of its own for a test that changes things: a fresh copy of the fixture's registry (so one test's
/// promotion is not another's starting point), its own one-time token and access rules.
/// </summary>
public sealed class StartedConsole : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ConsoleSession> _sessions = [];

    private StartedConsole(WebApplication app, string registry, UiOptions options)
    {
        _app = app;
        RegistryFolder = registry;
        Options = options;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.Single());
    }

    public string RegistryFolder { get; }
    public UiOptions Options { get; }
    public Uri BaseAddress { get; }

    public static async Task<StartedConsole> StartAsync(
        string runs,
        string registryToCopy,
        Func<UiOptions, UiOptions>? configure = null
    )
    {
        var registry = Path.Combine(Path.GetTempPath(), $"mlops-ui-registry-copy-{Guid.NewGuid():N}");
        CopyFolder(registryToCopy, registry);
        var options = new UiOptions(runs, "http://127.0.0.1:0", $"file://{registry}");
        options = configure?.Invoke(options) ?? options;
        var app = UiServer.Build(options);
        await app.StartAsync();
        return new StartedConsole(app, registry, options);
    }

    public ConsoleSession NewSession()
    {
        var session = new ConsoleSession(BaseAddress);
        _sessions.Add(session);
        return session;
    }

    /// <summary>The registry as the CLI would open it, to check what the console did (or did not) change.</summary>
    public async Task<IReadOnlyList<AliasEvent>> HistoryAsync()
    {
        using var registry = new ModelRegistry(new LocalBlobStore(RegistryFolder));
        return await registry.HistoryAsync("fashion");
    }

    public async Task<int?> AliasVersionAsync(string alias)
    {
        using var registry = new ModelRegistry(new LocalBlobStore(RegistryFolder));
        return (await registry.Aliases.StateAsync("fashion", alias))?.Version;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
            session.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(RegistryFolder, recursive: true);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
