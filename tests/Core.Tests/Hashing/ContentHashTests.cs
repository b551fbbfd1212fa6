using Mlops.Core.Hashing;

namespace Mlops.Core.Tests.Hashing;

public class ContentHashTests
{
    [Fact]
    public void Matches_the_published_sha256_of_abc()
    {
        ContentHash.OfString("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Fact]
    public void File_stream_and_bytes_agree()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.txt", "hello");

        var ofFile = ContentHash.OfFile(path);

        ofFile.Should().Be(ContentHash.OfBytes("hello"u8));
        using var stream = File.OpenRead(path);
        ContentHash.OfStream(stream).Should().Be(ofFile);
    }

    [Fact]
    public void Combined_hash_ignores_order_but_sees_names_and_contents()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.bin", "1");
        var b = folder.Write("b.bin", "2");
        var original = ContentHash.OfFiles(folder.Path, [a, b]);

        ContentHash.OfFiles(folder.Path, [b, a]).Should().Be(original);

        File.Move(b, folder.File("c.bin"));
        ContentHash.OfFiles(folder.Path, [a, folder.File("c.bin")]).Should().NotBe(original);

        File.WriteAllText(folder.File("c.bin"), "3");
        File.Move(folder.File("c.bin"), b);
        ContentHash.OfFiles(folder.Path, [a, b]).Should().NotBe(original);
    }
}
