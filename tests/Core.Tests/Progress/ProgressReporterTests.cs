using Mlops.Core.Progress;
using Spectre.Console;

namespace Mlops.Core.Tests.Progress;

public class ProgressReporterTests
{
    [Fact]
    public void Plain_progress_prints_at_the_interval_with_eta_and_values()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        using (var progress = ProgressReporter.StartPlain("train", 100, output, TimeSpan.FromSeconds(10), () => now))
        {
            progress.SetStatus("epoch 1/2");
            for (var step = 0; step < 100; step++)
            {
                now += TimeSpan.FromSeconds(1);
                progress.Advance(1, ("loss", 2.0 - step / 100.0), ("img/s", 512.25));
            }
        }

        var lines = output.ToString().TrimEnd().Split('\n');
        lines.Should().HaveCount(11, "the first step, then one line per 10 s, the last being the 100th step");
        lines[0].Should().Be("[train] 1/100 1%  elapsed 00:01  eta 01:39  epoch 1/2  loss=2 img/s=512");
        lines[5].Should().StartWith("[train] 51/100 51%  elapsed 00:51  eta 00:49");
        lines[^1].Should().Be("[train] 100/100 100%  elapsed 01:40  eta 00:00  epoch 1/2  loss=1.01 img/s=512");
    }

    [Fact]
    public void Plain_progress_prints_the_last_state_when_stopped_early()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        using (var progress = ProgressReporter.StartPlain("export", 10, output, TimeSpan.FromMinutes(1), () => now))
        {
            progress.Advance(1);
            now = TimeSpan.FromSeconds(3);
            progress.Advance(2);
        }

        output
            .ToString()
            .TrimEnd()
            .Split('\n')
            .Should()
            .Equal("[export] 1/10 10%  elapsed 00:00  eta ?", "[export] 3/10 30%  elapsed 00:03  eta 00:07");
    }

    [Fact]
    public void The_console_bar_shows_title_status_and_values_and_finishes()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.Yes,
                Out = new FixedSizeConsoleOutput(output),
            }
        );

        using (var progress = new ConsoleProgressReporter(new ProgressState("train", 4), console))
        {
            progress.SetStatus("epoch 2/2");
            progress.Advance(4, ("acc", 0.875));
            progress.Done.Should().Be(4);
        }

        output.ToString().Should().Contain("train  epoch 2/2  acc=0.875").And.Contain("100%");
    }

    [Theory]
    [InlineData(-1, -1)] // what .NET reports for a terminal it cannot ask (TERM=dumb or TERM=linux with no size to read)
    [InlineData(80, -1)]
    [InlineData(-1, 24)]
    [InlineData(0, 0)]
    public void A_console_of_no_size_gets_plain_lines_instead_of_a_bar_that_would_end_the_process(int width, int height)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.Yes,
                Out = new FixedSizeConsoleOutput(output, width, height),
            }
        );

        using (var progress = ProgressReporter.StartOn(console, "train", 4))
        {
            progress.SetStatus("epoch 1/1");
            progress.Advance(2, ("loss", 0.5));
            Thread.Sleep(300); // a live display refreshes every 100 ms: on this console it would have thrown on its thread by now
            progress.Advance(2);
        }

        var lines = output.ToString().TrimEnd().Split('\n');
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("[train] 2/4 50%").And.EndWith("epoch 1/1  loss=0.5");
        lines[1].Should().StartWith("[train] 4/4 100%");
    }
}
