using System.Buffers.Binary;
using System.IO.Compression;
using Mlops.Core.Errors;
using Mlops.Data.FashionMnist;
using Mlops.Data.Tests.Support;

namespace Mlops.Data.Tests.FashionMnist;

/// <summary>Small hand-made IDX files in a temp folder laid out like the real data set.</summary>
public class IdxErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_well_formed_small_set_loads()
    {
        WriteSet(images: 3, labels: 3);

        var set = FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        set.Count.Should().Be(3);
        set.Labels.Should().Equal(0, 1, 2);
        set.ImagePixels(2)[0].Should().Be(2);
    }

    [Fact]
    public void Plain_uncompressed_idx_files_are_accepted_too()
    {
        File.WriteAllBytes(_dir.File("t10k-images-idx3-ubyte.gz"), Idx([0, 0, 8, 3], [2, 28, 28], new byte[2 * 784]));
        File.WriteAllBytes(_dir.File("t10k-labels-idx1-ubyte.gz"), Idx([0, 0, 8, 1], [2], [4, 5]));

        FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path).Labels.Should().Equal(4, 5);
    }

    [Fact]
    public void Missing_files_name_the_file_and_the_debian_package()
    {
        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Train, _dir.Path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where!.StartsWith(_dir.Path) && e.Where!.EndsWith("-ubyte.gz"))
            .Where(e => e.Message.Contains("dataset-fashion-mnist"));
    }

    [Fact]
    public void Wrong_magic_number_is_reported()
    {
        WriteSet(images: 2, labels: 2);
        WriteGz("t10k-labels-idx1-ubyte.gz", Idx([0, 0, 8, 3], [2, 28, 28], new byte[2 * 784]));

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Where!.EndsWith("t10k-labels-idx1-ubyte.gz")
                && e.Message.Contains("declares 3 dimensions, expected 1")
            );
    }

    [Fact]
    public void Non_idx_content_is_reported()
    {
        WriteSet(images: 2, labels: 2);
        WriteGz("t10k-images-idx3-ubyte.gz", "<html>not found</html>"u8.ToArray());

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where!.EndsWith("t10k-images-idx3-ubyte.gz") && e.Message.Contains("not an IDX file"));
    }

    [Fact]
    public void Truncated_gzip_is_reported()
    {
        WriteSet(images: 50, labels: 50);
        var path = _dir.File("t10k-images-idx3-ubyte.gz");
        var gz = File.ReadAllBytes(path);
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should().Throw<MlopsException>().Where(e => e.Where == path && e.Message.Contains("truncated"));
    }

    [Fact]
    public void Data_shorter_than_the_header_promises_is_reported()
    {
        WriteSet(images: 2, labels: 2);
        WriteGz("t10k-images-idx3-ubyte.gz", Idx([0, 0, 8, 3], [2, 28, 28], new byte[784 + 100]));

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should().Throw<MlopsException>().WithMessage("*promises 2x28x28 = 1568 bytes*holds 884*truncated*");
    }

    [Fact]
    public void Trailing_bytes_after_the_promised_data_are_reported()
    {
        WriteSet(images: 2, labels: 2);
        WriteGz("t10k-labels-idx1-ubyte.gz", Idx([0, 0, 8, 1], [2], [1, 2, 3]));

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where!.EndsWith("t10k-labels-idx1-ubyte.gz") && e.Message.Contains("trailing bytes"));
    }

    [Fact]
    public void A_header_promising_gigabytes_is_refused_before_allocating()
    {
        WriteSet(images: 2, labels: 2);
        File.WriteAllBytes(
            _dir.File("t10k-images-idx3-ubyte.gz"),
            Idx([0, 0, 8, 3], [2_000_000, 28, 28], new byte[100])
        );

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should().Throw<MlopsException>().WithMessage("*promises 2000000x28x28*file is only 116 bytes*");
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        WriteSet(images: 3, labels: 2);

        var act = () => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path);

        act.Should().Throw<MlopsException>().WithMessage("3 images but 2 labels*");
    }

    [Fact]
    public void Wrong_image_size_and_out_of_range_labels_are_reported()
    {
        WriteGz("t10k-images-idx3-ubyte.gz", Idx([0, 0, 8, 3], [1, 32, 32], new byte[1024]));
        WriteGz("t10k-labels-idx1-ubyte.gz", Idx([0, 0, 8, 1], [1], [0]));
        FluentActions
            .Invoking(() => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("images are 32x32*");

        WriteSet(images: 1, labels: 1);
        WriteGz("t10k-labels-idx1-ubyte.gz", Idx([0, 0, 8, 1], [1], [10]));
        FluentActions
            .Invoking(() => FashionMnistDataset.Load(FashionMnistSplit.Test, _dir.Path))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("label 10 at index 0*");
    }

    private void WriteSet(int images, int labels)
    {
        var pixels = new byte[images * 784];
        for (int i = 0; i < images; i++)
            pixels[i * 784] = (byte)i;
        WriteGz("t10k-images-idx3-ubyte.gz", Idx([0, 0, 8, 3], [images, 28, 28], pixels));
        WriteGz(
            "t10k-labels-idx1-ubyte.gz",
            Idx([0, 0, 8, 1], [labels], Enumerable.Range(0, labels).Select(i => (byte)(i % 10)).ToArray())
        );
    }

    private void WriteGz(string name, byte[] content)
    {
        using var file = File.Create(_dir.File(name));
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
    }

    private static byte[] Idx(byte[] magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        magic.CopyTo(bytes, 0);
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }
}
