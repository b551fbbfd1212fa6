using Mlops.Data.Augmentation;
using Mlops.Data.Datasets;
using Mlops.Data.Normalization;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.Loading;

public class RandomErasingTests
{
    private const int Size = 28;
    private static readonly ChannelStats Stats = new([0.3f], [0.35f]);

    private static ImageDataset GreySet(int count)
    {
        var images = Enumerable.Range(0, count).Select(i => TestImages.Gradient(Size, Size, 1, i)).ToArray();
        return new ImageDataset(
            "t",
            ["a"],
            1,
            Size,
            Size,
            images.SelectMany(i => i.Pixels).ToArray(),
            new int[count],
            "c"
        );
    }

    [Fact]
    public void An_erased_image_is_the_same_crop_and_flip_with_one_rectangle_set_to_the_mean()
    {
        var set = GreySet(200);
        var plain = new SampleWriter(set, Stats, new AugmentOptions(2, true), seed: 3);
        var erasing = new SampleWriter(set, Stats, new AugmentOptions(2, true, RandomErasing: 1), seed: 3);
        var expected = new float[plain.SampleLength];
        var actual = new float[plain.SampleLength];
        int erased = 0;

        for (int index = 0; index < set.Count; index++)
        {
            plain.Write(index, epoch: 2, augment: true, expected);
            erasing.Write(index, epoch: 2, augment: true, actual);
            var area = erasing.Erased(epoch: 2, index);
            if (area.IsEmpty)
            {
                actual.Should().Equal(expected);
                continue;
            }
            erased++;

            for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                bool inside = x >= area.X && x < area.X + area.Width && y >= area.Y && y < area.Y + area.Height;
                actual[y * Size + x]
                    .Should()
                    .Be(inside ? 0f : expected[y * Size + x], $"pixel ({x},{y}) of image {index}, area {area}");
            }
            // The drawn share of the image and aspect ratio, within what rounding to whole pixels allows.
            (area.Width * area.Height / (double)(Size * Size)).Should().BeInRange(0.012, 0.36);
            ((double)area.Height / area.Width).Should().BeInRange(0.25, 4.0);
            (area.X + area.Width).Should().BeLessThanOrEqualTo(Size);
            (area.Y + area.Height).Should().BeLessThanOrEqualTo(Size);
        }
        erased
            .Should()
            .BeGreaterThan(190, "a draw that does not fit is retried, so nearly every image is erased at p = 1");
    }

    [Fact]
    public void The_probability_decides_how_many_images_are_erased()
    {
        var set = GreySet(1);
        var writer = new SampleWriter(set, Stats, new AugmentOptions(RandomErasing: 0.5), seed: 11);

        int erased = Enumerable.Range(0, 4000).Count(epoch => !writer.Erased(epoch, 0).IsEmpty);

        erased.Should().BeInRange(1760, 2100); // ~0.5 x (share of draws that fit within 10 attempts), binomial sd ~32
    }

    [Fact]
    public void Erasing_is_reproducible_and_never_touches_evaluation_images()
    {
        var set = GreySet(50);
        var augment = new AugmentOptions(RandomErasing: 0.5);
        var a = new SampleWriter(set, Stats, augment, seed: 5);
        var b = new SampleWriter(set, Stats, augment, seed: 5);
        var areasA = Enumerable.Range(0, set.Count).Select(i => a.Erased(1, i)).ToArray();

        areasA.Should().Equal(Enumerable.Range(0, set.Count).Select(i => b.Erased(1, i)));
        areasA.Should().NotEqual(Enumerable.Range(0, set.Count).Select(i => a.Erased(2, i)));

        var evaluated = new float[a.SampleLength];
        var reference = new float[a.SampleLength];
        new SampleWriter(set, Stats, AugmentOptions.None, seed: 5).Write(7, 1, augment: false, reference);
        a.Write(7, 1, augment: false, evaluated);
        evaluated.Should().Equal(reference);
    }

    [Fact]
    public void A_probability_outside_zero_to_one_is_refused()
    {
        var set = GreySet(1);
        var create = () => new SampleWriter(set, Stats, new AugmentOptions(RandomErasing: 1.5), seed: 0);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 0 and 1*");
    }
}
