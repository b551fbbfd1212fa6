using Mlops.Ui.Pages;

namespace Mlops.Ui.Tests;

/// <summary>A sweep's page: parallel coordinates and scatters over the settings its trials differ in, drawn from the
/// trials' own config files; and how an axis places values (linear, logarithmic over two decades, categories).</summary>
public sealed class SweepPageTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_sweep_page_draws_every_trial_across_the_setting_they_differ_in()
    {
        var (status, html) = await console.GetAsync($"/sweeps/{ConsoleFixture.Sweep}");

        status.Should().Be(200);
        html.Should()
            .Contain("2 trials")
            .And.Contain(">optim.lr</text>")
            .And.Contain($"<title>{console.TrialA}</title></polyline>")
            .And.Contain($"<title>{console.TrialB}</title></polyline>")
            .And.Contain($"<title>{console.TrialB}: 0.3, 0.6</title></circle>")
            .And.Contain("<td>0.03</td>")
            .And.NotContain(">train.epochs</text>", "a setting every trial shares is no axis");
        (await console.GetAsync("/runs")).Html.Should().Contain($"<a href=\"/sweeps/{ConsoleFixture.Sweep}\">");
        (await console.GetAsync("/sweeps/nothing")).Status.Should().Be(404);
    }

    [Fact]
    public void Axes_place_values_linearly_by_logarithm_over_two_decades_or_as_categories()
    {
        var linear = SweepAxis.Of("lr", ["0.1", "0.3", null]);
        var log = SweepAxis.Of("lr", ["0.001", "0.01", "0.1"]);
        var category = SweepAxis.Of("optimizer", ["sgd", "adamw", "sgd"]);

        (linear.Scale, linear.Place(0), linear.Place(1), linear.Place(2)).Should().Be(("linear", 0.0, 1.0, null));
        log.Scale.Should().Be("log");
        log.Place(1).Should().BeApproximately(0.5, 1e-12);
        (category.Scale, category.Place(0), category.Place(1)).Should().Be(("category", 1.0, 0.0));
        category.Ends().Should().Be(("adamw", "sgd"));
    }
}
