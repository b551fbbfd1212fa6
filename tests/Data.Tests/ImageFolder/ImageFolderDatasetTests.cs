using Mlops.Core.Errors;
using Mlops.Data.ImageFolder;
using Mlops.Data.Images;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.ImageFolder;

public class ImageFolderDatasetTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Classes_are_sorted_folders_and_png_bmp_jpeg_all_load()
    {
        Directory.CreateDirectory(_dir.File("zebra"));
        Directory.CreateDirectory(_dir.File("ant"));
        var png = TestImages.Gradient(6, 6, 3, variant: 1);
        var bmp = TestImages.Gradient(6, 6, 3, variant: 2);
        PngEncoder.Save(png, _dir.File("zebra/b.png"));
        File.WriteAllBytes(_dir.File("zebra/a.BMP"), BmpWriter.Encode(bmp));
        JpegWriter.Save(TestImages.Gradient(6, 6, 3, variant: 3), _dir.File("ant/c.jpg"));
        File.WriteAllText(_dir.File("ant/README.txt"), "ignored: not an image extension");

        var set = ImageFolderDataset.Load(_dir.Path);

        set.ClassNames.Should().Equal("ant", "zebra");
        set.Labels.Should().Equal(0, 1, 1);
        (set.Channels, set.Height, set.Width).Should().Be((3, 6, 6));
        set.ImagePixels(1).ToArray().Should().Equal(bmp.Pixels); // zebra/a.BMP sorts before zebra/b.png
        set.ImagePixels(2).ToArray().Should().Equal(png.Pixels);
    }

    [Fact]
    public void Images_are_converted_to_grey_and_resized_on_request()
    {
        TestImages.WriteFolder(_dir.Path, ["a", "b"], perClass: 2, size: 20);

        var set = ImageFolderDataset.Load(_dir.Path, new ImageFolderOptions { Channels = 1, ImageSize = 10 });

        (set.Count, set.Channels, set.Height, set.Width).Should().Be((4, 1, 10, 10));
        var expected = BilinearResize.Resize(ColorConversion.ToGrey(TestImages.Gradient(20, 20, 3, 101)), 10, 10);
        set.ImagePixels(3).ToArray().Should().Equal(expected.Pixels);
    }

    [Fact]
    public void Progress_counts_every_decoded_file()
    {
        TestImages.WriteFolder(_dir.Path, ["a", "b", "c"], perClass: 4);
        var reports = new System.Collections.Concurrent.ConcurrentBag<(int Done, int Total)>();

        ImageFolderDataset.Load(_dir.Path, new ImageFolderOptions { Progress = new SyncProgress(reports.Add) });

        reports.Select(r => r.Done).Order().Should().Equal(Enumerable.Range(1, 12));
        reports.Should().OnlyContain(r => r.Total == 12);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the assertion).</summary>
    private sealed class SyncProgress(Action<(int, int)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }

    [Fact]
    public void Mixed_sizes_without_an_image_size_name_the_odd_file()
    {
        TestImages.WriteFolder(_dir.Path, ["a"], perClass: 2, size: 8);
        PngEncoder.Save(TestImages.Gradient(9, 8, 3), _dir.File("a/zz.png"));

        var act = () => ImageFolderDataset.Load(_dir.Path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Where == _dir.File("a/zz.png") && e.Message.Contains("9x8") && e.Message.Contains("image size")
            );
    }

    [Fact]
    public void A_corrupt_image_names_the_file()
    {
        TestImages.WriteFolder(_dir.Path, ["a", "b"], perClass: 3);
        File.WriteAllText(_dir.File("b/img001.png"), "not a png");

        var act = () => ImageFolderDataset.Load(_dir.Path);

        act.Should().Throw<MlopsException>().Where(e => e.Where == _dir.File("b/img001.png"));
    }

    [Fact]
    public void An_oversized_image_is_refused_by_its_header()
    {
        TestImages.WriteFolder(_dir.Path, ["a"], perClass: 1);
        PngEncoder.Save(TestImages.Gradient(200, 200, 1), _dir.File("a/big.png"));

        var act = () =>
            ImageFolderDataset.Load(_dir.Path, new ImageFolderOptions { MaxPixels = 10_000, ImageSize = 8 });

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == _dir.File("a/big.png") && e.Message.Contains("above the limit"));
    }

    [Fact]
    public void Missing_root_no_classes_and_empty_class_are_clear_errors()
    {
        FluentActions
            .Invoking(() => ImageFolderDataset.Load(_dir.File("nope")))
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == _dir.File("nope") && e.Message.Contains("not found"));
        FluentActions
            .Invoking(() => ImageFolderDataset.Load(_dir.Path))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("no class folders*");
        TestImages.WriteFolder(_dir.Path, ["a"], perClass: 1);
        Directory.CreateDirectory(_dir.File("b"));
        FluentActions
            .Invoking(() => ImageFolderDataset.Load(_dir.Path))
            .Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == _dir.File("b") && e.Message.Contains("holds no images"));
    }
}
