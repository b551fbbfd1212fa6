using Mlops.Core.Errors;
using Mlops.Data.Datasets;
using Mlops.Data.Sampling;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Sampling;

public class SplitAndSubsetTests
{
    [Fact]
    public void Split_is_deterministic_disjoint_and_complete()
    {
        var all = DatasetView.All(SmallSets.Uneven(5, 20));

        var (train, validation) = DatasetSplitter.Split(all, 0.2, seed: 42);
        var (train2, validation2) = DatasetSplitter.Split(all, 0.2, seed: 42);

        train.Indices.Should().Equal(train2.Indices);
        validation.Indices.Should().Equal(validation2.Indices);
        train.Indices.Intersect(validation.Indices).Should().BeEmpty();
        train.Indices.Concat(validation.Indices).Order().Should().Equal(all.Indices);
        train.Indices.Should().BeInAscendingOrder();
    }

    [Fact]
    public void Stratified_split_keeps_each_class_share()
    {
        var all = DatasetView.All(SmallSets.Uneven(4, 10)); // 10, 20, 30, 40 images

        var (_, validation) = DatasetSplitter.Split(all, 0.1, seed: 1, stratified: true);

        validation.ClassCounts().Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void Plain_split_holds_out_the_rounded_fraction()
    {
        var all = DatasetView.All(SmallSets.Uneven(4, 10));

        var (train, validation) = DatasetSplitter.Split(all, 0.25, seed: 1, stratified: false);

        validation.Count.Should().Be(25);
        train.Count.Should().Be(75);
    }

    [Fact]
    public void A_tiny_class_keeps_one_image_for_training()
    {
        var all = DatasetView.All(SmallSets.Blocks(3, 1));

        var (train, validation) = DatasetSplitter.Split(all, 0.5, seed: 0);

        train.ClassCounts().Should().Equal(1, 1, 1);
        validation.Count.Should().Be(0);
    }

    [Fact]
    public void Different_seeds_give_different_splits()
    {
        var all = DatasetView.All(SmallSets.Blocks(3, 100));

        var a = DatasetSplitter.Split(all, 0.2, seed: 1).Validation.Indices;
        var b = DatasetSplitter.Split(all, 0.2, seed: 2).Validation.Indices;

        a.Should().NotEqual(b);
    }

    [Fact]
    public void Split_of_the_real_training_set_gives_6000_validation_images_600_per_class()
    {
        var (train, validation) = DatasetSplitter.Split(DatasetView.All(FashionMnistFixture.Train), 0.1, seed: 0);

        validation.Count.Should().Be(6000);
        validation.ClassCounts().Should().AllBeEquivalentTo(600);
        train.Count.Should().Be(54_000);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Bad_fraction_is_a_user_error(double fraction)
    {
        var act = () => DatasetSplitter.Split(DatasetView.All(SmallSets.Blocks(2, 5)), fraction, 0);

        act.Should().Throw<MlopsException>().Where(e => e.Where == "val_fraction");
    }

    [Fact]
    public void Subset_is_proportional_exact_in_size_and_deterministic()
    {
        var all = DatasetView.All(SmallSets.Uneven(4, 10)); // 10/20/30/40

        var subset = SubsetSampler.Take(all, 10, seed: 3);

        subset.Count.Should().Be(10);
        subset.ClassCounts().Should().Equal(1, 2, 3, 4);
        subset.Indices.Should().Equal(SubsetSampler.Take(all, 10, seed: 3).Indices);
        subset.Indices.Should().NotEqual(SubsetSampler.Take(all, 10, seed: 4).Indices);
        subset.Indices.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Subset_with_remainders_still_sums_to_the_request()
    {
        var all = DatasetView.All(SmallSets.Blocks(3, 10));

        SubsetSampler.Take(all, 7, seed: 0).ClassCounts().Should().Equal(3, 2, 2);
        SubsetSampler.Take(all, 7, seed: 0, stratified: false).Count.Should().Be(7);
        SubsetSampler.Take(all, 1000, seed: 0).Count.Should().Be(30);
    }

    [Fact]
    public void Subset_draws_only_from_the_view_it_is_given()
    {
        var (train, validation) = DatasetSplitter.Split(DatasetView.All(SmallSets.Blocks(2, 50)), 0.5, seed: 9);

        var subset = SubsetSampler.Take(train, 20, seed: 9);

        subset.Indices.Should().BeSubsetOf(train.Indices).And.NotIntersectWith(validation.Indices);
    }

    [Fact]
    public void Seeded_random_sequence_is_fixed_by_our_code()
    {
        // SplitMix64 reference values for seed 0 (published test vector of the algorithm).
        var random = new SeededRandom(0);
        random.NextUInt64().Should().Be(0xE220A8397B1DCDAFUL);
        random.NextUInt64().Should().Be(0x6E789E6AA1B965F4UL);
    }
}
