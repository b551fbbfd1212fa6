using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Serve.Startup;

/// <summary>Wires a <see cref="StartupTimeline"/> into a server: host milestones here, the first prediction in <see
/// cref="StartupTimelineFilter"/>.</summary>
public static class StartupTimelineSetup
{
    public const string HostBuilt = "host built";
    public const string Listening = "listening";

    public static void AddStartupTimeline(this WebApplicationBuilder builder, StartupTimeline timeline)
    {
        builder.Services.AddSingleton(timeline);
        builder.Services.AddSingleton<IStartupFilter, StartupTimelineFilter>();
    }

    public static void TrackStartup(this WebApplication app, StartupTimeline timeline)
    {
        timeline.Mark(HostBuilt);
        app.Lifetime.ApplicationStarted.Register(() => timeline.Mark(Listening));
    }
}
