using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serve;
using Mlops.Serve.Models;

namespace Mlops.Serve.Tests;

/// <summary>A temp folder with models, and a server started on it through WebApplicationFactory.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private ServerFixture(string folder, ServeOptions options)
    {
        Folder = folder;
        Options = options;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.ConfigureTestServices(services => services.AddSingleton(options))
        );
        Client = _factory.CreateClient();
    }

    public string Folder { get; }
    public ServeOptions Options { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _factory.Services;
    public ModelHost Host => Services.GetRequiredService<ModelHost>();

    /// <summary>Starts a server; <paramref name="configure"/> gets the temp folder and returns the options (models written there).</summary>
    public static ServerFixture Start(Func<string, ServeOptions> configure)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-serve-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new ServerFixture(folder, configure(folder));
    }

    /// <summary>One model "bands" from a file, preloaded.</summary>
    public static ServerFixture WithBandModel(Func<ServeOptions, ServeOptions>? adjust = null) =>
        Start(folder =>
        {
            var options = new ServeOptions
            {
                Models = [$"bands={TestModels.Write(folder, "bands")}"],
                ReloadPollSeconds = 0,
                CacheFolder = Path.Combine(folder, "cache"),
            };
            return adjust is null ? options : adjust(options);
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException) { }
    }
}
