using Mlops.Data.Augmentation;
using Mlops.Data.Datasets;
using Mlops.Data.Images;
using Mlops.Data.Normalization;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Loading;

public class AugmentationTests
{
    private static readonly ChannelStats Stats = new([0.1f, 0.2f, 0.3f], [0.5f, 0.6f, 0.7f]);

    private static ImageDataset ColourSet()
    {
        var images = Enumerable.Range(0, 20).Select(i => TestImages.Gradient(9, 7, 3, i)).ToArray();
        return new ImageDataset("t", ["a"], 3, 7, 9, images.SelectMany(i => i.Pixels).ToArray(), new int[20], "c");
    }

    [Fact]
    public void Each_augmented_image_is_pad_crop_flip_of_the_original()
    {
        var set = ColourSet();
        var writer = new SampleWriter(
            set,
            Stats,
            new AugmentOptions(RandomCropPadding: 3, HorizontalFlip: true),
            seed: 4
        );
        int flips = 0;

        for (int index = 0; index < set.Count; index++)
        {
            var (dx, dy, flip) = writer.Choice(epoch: 1, index);
            var expected = Geometry.Crop(Geometry.PadTo(set.GetImage(index), 9 + 6, 7 + 6), dx, dy, 9, 7);
            if (flip)
            {
                expected = Geometry.FlipHorizontal(expected);
                flips++;
            }
            var actual = new float[writer.SampleLength];

            writer.Write(index, epoch: 1, augment: true, actual);

            actual.Should().Equal(ChwNormalizer.ToChw(expected, Stats.Mean, Stats.Std));
            dx.Should().BeInRange(0, 6);
            dy.Should().BeInRange(0, 6);
        }
        flips.Should().BeInRange(3, 17); // both outcomes happen
    }

    [Fact]
    public void Same_seed_and_epoch_give_the_same_pixels_and_epochs_differ()
    {
        var set = ColourSet();
        var augment = new AugmentOptions(RandomCropPadding: 2, HorizontalFlip: true);
        var a = new SampleWriter(set, Stats, augment, seed: 8);
        var b = new SampleWriter(set, Stats, augment, seed: 8);
        var other = new SampleWriter(set, Stats, augment, seed: 9);

        var choicesA = Enumerable.Range(0, set.Count).Select(i => a.Choice(0, i)).ToArray();

        choicesA.Should().Equal(Enumerable.Range(0, set.Count).Select(i => b.Choice(0, i)));
        choicesA.Should().NotEqual(Enumerable.Range(0, set.Count).Select(i => a.Choice(1, i)));
        choicesA.Should().NotEqual(Enumerable.Range(0, set.Count).Select(i => other.Choice(0, i)));
    }

    [Fact]
    public void Without_augmentation_the_image_is_only_normalised()
    {
        var set = ColourSet();
        var writer = new SampleWriter(
            set,
            Stats,
            new AugmentOptions(RandomCropPadding: 4, HorizontalFlip: true),
            seed: 1
        );
        var actual = new float[writer.SampleLength];

        writer.Write(5, epoch: 0, augment: false, actual);

        actual.Should().Equal(ChwNormalizer.ToChw(set.GetImage(5), Stats.Mean, Stats.Std));
    }
}
