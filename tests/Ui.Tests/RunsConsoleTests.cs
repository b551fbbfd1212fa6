using System.Text.RegularExpressions;

namespace Mlops.Ui.Tests;

/// <summary>The read-only console over a folder run store: the runs table, a run's page, compare, and every
/// refusal naming the field that was wrong.</summary>
public sealed partial class RunsConsoleTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_runs_table_lists_every_run_newest_first_with_links_and_compare_boxes()
    {
        var (status, html) = await console.GetAsync("/runs");

        status.Should().Be(200);
        RowNames(html)
            .Should()
            .Equal(
                [console.Running, console.TrialB, console.TrialA, console.Slow, console.Fast],
                "newest first, a sweep's trials together where its newest falls"
            );
        html.Should().Contain($"<a href=\"/runs?where=sweep%3D{ConsoleFixture.Sweep}\">(only these)</a>");
        html.Should().Contain($"<a href=\"/runs/{console.Fast}\">{console.Fast}</a>");
        html.Should().Contain($"name=\"run\" value=\"{console.Slow}\"").And.Contain("72.00 %").And.Contain("61.00 %");
        html.Should().Contain("runs 1–5 of 5");
    }

    [Fact]
    public async Task Where_sort_and_columns_use_the_runs_list_language()
    {
        var (_, filtered) = await console.GetAsync("/runs?where=accuracy%3E0.7");
        var (_, sorted) = await console.GetAsync("/runs?where=status%3Dcompleted&sort=accuracy");
        var (_, narrow) = await console.GetAsync("/runs?columns=epochs");

        RowNames(filtered).Should().Equal(console.Fast);
        RowNames(sorted).Should().Equal(console.Slow, console.TrialA, console.TrialB, console.Fast);
        var (_, sweep) = await console.GetAsync($"/runs?where=sweep%3D{ConsoleFixture.Sweep}");
        RowNames(sweep).Should().Equal(console.TrialB, console.TrialA);
        narrow.Should().Contain("sort=-epochs&amp;columns=epochs\">epochs").And.NotContain("sort=-test_accuracy");
    }

    [Theory]
    [InlineData("/runs?where=accuracy%3Ehigh", 400, "where", "is a number")]
    [InlineData("/runs?where=colour%3Dred", 400, "where", "colour")]
    [InlineData("/runs?page=2", 400, "page", "there are 1 pages")]
    [InlineData("/runs?page=-1", 400, "page", "not a page number")]
    [InlineData("/runs/nothing-here", 404, "nothing-here", "no run named")]
    [InlineData("/compare?run=a", 400, "run", "compare takes 2 to 10 runs, got 1")]
    [InlineData("/registry/nothing", 404, "nothing", "no model named")]
    [InlineData("/registry/fashion/9", 404, "fashion:9", "has no version 9")]
    [InlineData("/registry/fashion/diff?left=one&right=2", 400, "left", "not a version number")]
    public async Task A_bad_request_is_refused_with_the_field_and_the_reason(
        string path,
        int expected,
        string field,
        string reason
    )
    {
        var (status, html) = await console.GetAsync(path);

        status.Should().Be(expected);
        html.Should().Contain($"<b>{field}</b>").And.Contain(reason).And.NotContain("   at ");
    }

    [Fact]
    public async Task A_run_page_shows_its_report_under_the_console_navigation()
    {
        var (status, html) = await console.GetAsync($"/runs/{console.Fast}");

        status.Should().Be(200);
        html.Should().Contain("<nav>").And.Contain($"Run {console.Fast}").And.Contain("<svg");
        html.Should().Contain("<h2 id=\"config\">Config</h2>").And.Contain("lr: 0.1");
        html.Should().Contain("registry versions made from this run: <a href=\"/registry/fashion/2\">fashion:2</a>");
        var (_, running) = await console.GetAsync($"/runs/{console.Running}");
        running.Should().Contain("no registry version was made from this run");
    }

    [Fact]
    public async Task Compare_overlays_the_curves_and_shows_only_the_settings_that_differ()
    {
        var (status, html) = await console.GetAsync($"/compare?run={console.Fast}&run={console.Slow}");

        status.Should().Be(200);
        html.Should().Contain("Compare 2 runs").And.Contain("optim.lr").And.Contain("0.01");
        html.Should().NotContain(">train.epochs<", "both runs train 2 epochs");
        SeriesPaths().Matches(html).Count.Should().Be(6, "two runs on each of three charts");
    }

    [Fact]
    public async Task The_registry_shows_models_versions_with_their_runs_and_the_alias_history_with_who_and_why()
    {
        var (status, models) = await console.GetAsync("/registry");
        var (_, fashion) = await console.GetAsync("/registry/fashion");

        status.Should().Be(200);
        models.Should().Contain("<a href=\"/registry/fashion\">fashion</a>").And.Contain("staging → 2");
        fashion.Should().Contain($"<a href=\"/runs/{console.Fast}\">{console.Fast}</a>").And.Contain("accuracy 0.72");
        fashion
            .Should()
            .Contain("release-manager")
            .And.Contain("1 → 2")
            .And.Contain("accuracy 0.72")
            .And.Contain("- → 1");
    }

    [Fact]
    public async Task A_version_page_shows_its_card_and_a_diff_marks_what_differs_between_two_versions()
    {
        var (status, version) = await console.GetAsync("/registry/fashion/2");
        var (_, diff) = await console.GetAsync("/registry/fashion/diff?left=1&right=2");
        var (_, every) = await console.GetAsync("/registry/fashion/diff?left=1&right=2&all=on");

        status.Should().Be(200);
        version
            .Should()
            .Contain("<td>aliases</td><td>staging</td>")
            .And.Contain("<td>int8 or fp32</td><td>fp32 (no quantize.json)</td>")
            .And.Contain($"<td>run</td><td><a href=\"/runs/{console.Fast}\">{console.Fast}</a></td>")
            .And.Contain("<td>accuracy</td><td>0.72</td>")
            .And.Contain("<td>model.onnx</td><td>2.00 MB</td>");
        diff.Should()
            .Contain("<td>metric</td><td><b>accuracy</b></td><td>0.61</td><td>0.72</td>")
            .And.Contain("<td>lineage</td><td><b>run</b></td>")
            .And.NotContain("<td>file</td><td>model.onnx</td>", "the files are equal (same bytes), so hidden");
        every.Should().Contain("<td>file</td><td>model.onnx</td>");
        (await console.GetAsync("/registry/fashion")).Html.Should().Contain("action=\"/registry/fashion/diff\"");
    }

    [Fact]
    public async Task Pages_fetch_nothing_from_elsewhere_and_run_no_script()
    {
        foreach (
            var path in new[]
            {
                "/runs",
                $"/runs/{console.Fast}",
                $"/compare?run={console.Fast}&run={console.Slow}",
                $"/sweeps/{ConsoleFixture.Sweep}",
                "/registry",
                "/registry/fashion",
                "/registry/fashion/2",
                "/registry/fashion/diff?left=1&right=2",
                "/releases",
                "/signin",
            }
        )
        {
            var (status, html) = await console.GetAsync(path);
            status.Should().Be(200, path);
            html.Should().NotContain("<script").And.NotMatchRegex("(src|href)=\"(https?:)?//");
        }
    }

    private static List<string> RowNames(string html) =>
        [.. RowName().Matches(html).Select(match => match.Groups[1].Value)];

    [GeneratedRegex("<td><a href=\"/runs/[^\"]+\">([^<]+)</a></td>")]
    private static partial Regex RowName();

    [GeneratedRegex("<path class=\"series\"")]
    private static partial Regex SeriesPaths();
}
