using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Serve.Startup;

namespace Mlops.Serve.Tests.Startup;

public sealed class StartupTimelineTests
{
    [Fact]
    public async Task The_first_answered_prediction_completes_the_timeline_with_every_milestone_in_order()
    {
        await using var server = ServerFixture.WithBandModel();
        var timeline = server.Services.GetRequiredService<StartupTimeline>();

        var unknown = await server.Client.PostAsync("/v1/models/nope/predict", PngBody.Band(3));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        timeline.Complete.Should().BeFalse("a failed request is not a prediction");

        var answered = await server.Client.PostAsync("/v1/models/bands/predict", PngBody.Band(3));
        answered.StatusCode.Should().Be(HttpStatusCode.OK);
        timeline.Complete.Should().BeTrue();

        var names = timeline.Milestones.Select(m => m.Name).ToList();
        names.Should().StartWith("main").And.EndWith(StartupTimelineFilter.FirstPrediction);
        names
            .Should()
            .Contain([
                StartupTimelineSetup.HostBuilt,
                StartupTimelineSetup.Listening,
                StartupTimelineFilter.FirstRequest,
                "bands load started",
                "bands loaded",
            ]);
        Before(timeline, "main", StartupTimelineSetup.HostBuilt);
        Before(timeline, StartupTimelineSetup.HostBuilt, StartupTimelineSetup.Listening);
        Before(timeline, "bands load started", "bands loaded");
        Before(timeline, "bands loaded", StartupTimelineFilter.FirstPrediction);
        timeline.Milestones.Should().OnlyContain(m => m.Milliseconds >= 0, "time zero is the process start");
    }

    [Fact]
    public async Task Later_requests_leave_a_completed_timeline_unchanged()
    {
        await using var server = ServerFixture.WithBandModel();
        var timeline = server.Services.GetRequiredService<StartupTimeline>();
        (await server.Client.PostAsync("/v1/models/bands/predict", PngBody.Band(1))).EnsureSuccessStatusCode();
        var first = timeline.Milestones;

        (await server.Client.PostAsync("/v1/models/bands/predict", PngBody.Band(2))).EnsureSuccessStatusCode();
        timeline.Mark("too late");

        timeline.Milestones.Should().Equal(first);
        timeline.Describe().Should().MatchRegex(@"^main \d+, .*first prediction answered \d+$");
    }

    [Fact]
    public void Milestones_are_counted_from_the_origin_and_recorded_once()
    {
        var origin = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var timeline = new StartupTimeline(origin);
        timeline.Mark("b", origin.AddMilliseconds(250));
        timeline.Mark("a", origin.AddMilliseconds(40));
        timeline.Mark("a", origin.AddMilliseconds(900));

        timeline.Milestones.Should().Equal(new StartupMilestone("a", 40), new StartupMilestone("b", 250));
        timeline.Describe().Should().Be("a 40, b 250");
    }

    [Fact]
    public void The_process_start_read_from_proc_agrees_with_the_runtime()
    {
        ProcessClock.StartedUtc.Should().NotBeNull("these tests run on Linux, which has /proc");
        var runtime = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();
        ProcessClock.StartedUtc!.Value.Should().BeCloseTo(runtime, TimeSpan.FromMilliseconds(500));
    }

    private static void Before(StartupTimeline timeline, string earlier, string later) =>
        timeline
            .Milestones.Single(m => m.Name == earlier)
            .Milliseconds.Should()
            .BeLessThanOrEqualTo(
                timeline.Milestones.Single(m => m.Name == later).Milliseconds,
                $"'{earlier}' comes before '{later}'"
            );
}
