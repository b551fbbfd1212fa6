using Microsoft.Extensions.Hosting;

namespace Mlops.Serve.Models;

/// <summary>Checks every model's source for a new version at a fixed interval (alias moved, file replaced) and
/// reloads.</summary>
public sealed class ReloadPoller(ModelHost host, ServeOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ReloadPollSeconds <= 0)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ReloadPollSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            foreach (var name in host.Names)
                await host.ReloadAsync(name, stoppingToken); // failures are recorded on the model and logged
    }
}
