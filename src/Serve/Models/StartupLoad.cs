using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mlops.Serve.Batching;
using Mlops.Serve.Errors;

namespace Mlops.Serve.Models;

/// <summary>Loads every model when the server starts (if preloading is on); /ready answers 200 once this is done and
/// all loaded.</summary>
public sealed class StartupLoad(ModelHost host, ServeOptions options, ILogger<StartupLoad> log) : BackgroundService
{
    private volatile bool _finished;

    public bool Finished => _finished;

    public bool Preloaded => options.Preload;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!options.Preload)
                return;
            foreach (var name in host.Names)
            {
                try
                {
                    Startup.ModelWarmup.WarmUp(await host.AcquireAsync(name, stoppingToken));
                }
                catch (ServeException error)
                {
                    log.LogError("model {Model} is not serving: {Error}", name, error.Message);
                }
            }
        }
        finally
        {
            _finished = true;
        }
    }
}
