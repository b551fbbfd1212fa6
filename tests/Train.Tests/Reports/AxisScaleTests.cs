using Mlops.Train.Reports;

namespace Mlops.Train.Tests.Reports;

/// <summary>Chart axes tick at round values, whole numbers for steps and epochs, never below zero for a series that
/// cannot be negative (issue 24, item 4: ticks had been at 15, 42.5, 70 steps, 0.95, 1.22, 1.5 epochs and -0.0021 on
/// the learning rate).</summary>
public sealed class AxisScaleTests
{
    [Fact]
    public void Steps_tick_at_round_whole_numbers()
    {
        var axis = AxisScale.For([15, 20, 50, 70]);

        axis.Ticks.Should().Equal(0, 20, 40, 60, 80);
        axis.Ticks.Select(axis.Label).Should().Equal("0", "20", "40", "60", "80");
    }

    [Fact]
    public void Epochs_tick_at_whole_epochs_even_when_there_are_only_two()
    {
        AxisScale.For([1, 2]).Ticks.Should().Equal(1, 2);
        AxisScale.For([1]).Ticks.Should().Equal(0, 1, 2);
        AxisScale.For([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]).Ticks.Should().Equal(0, 5, 10, 15);
    }

    [Fact]
    public void A_learning_rate_decaying_to_zero_has_no_axis_below_zero_and_round_ticks()
    {
        var axis = AxisScale.For([0.1, 0.0975, 0.05, 0.0021, 0]);

        axis.Low.Should().Be(0);
        axis.Ticks.Should().Equal(0, 0.05, 0.1);
        axis.Ticks.Select(axis.Label).Should().Equal("0", "0.05", "0.1");
    }

    [Fact]
    public void A_series_that_crosses_zero_keeps_its_negative_part_and_ticks_without_float_noise()
    {
        var axis = AxisScale.For([-0.3, 0.1, 0.7]);

        axis.Ticks.Should().Equal(-0.5, 0, 0.5, 1);
        AxisScale
            .For([0.1, 0.2, 0.3, 0.4])
            .Ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Should()
            .Equal("0.1", "0.2", "0.3", "0.4");
    }

    [Fact]
    public void A_log_axis_over_decades_ticks_whole_powers_of_ten()
    {
        var axis = AxisScale.For([Math.Log10(0.0003), Math.Log10(0.02), Math.Log10(0.5)], log: true);

        axis.Ticks.Should().Equal(-4, -3, -2, -1, 0);
        axis.Ticks.Select(axis.Label).Should().Equal("0.0001", "0.001", "0.01", "0.1", "1");
    }
}
