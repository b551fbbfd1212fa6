using Mlops.Core.Errors;
using Mlops.Core.IO;

namespace Mlops.Core.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Writes_text_and_replaces_existing_content()
    {
        using var folder = new TempFolder();
        var path = folder.File("sub/config.yaml");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        File.ReadAllText(path).Should().Be("second");
        Directory.GetFiles(folder.File("sub")).Should().ContainSingle();
    }

    [Fact]
    public void A_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary()
    {
        using var folder = new TempFolder();
        var path = folder.Write("weights.bin", "old content");

        var write = () => AtomicFile.Write(path, stream =>
            {
                stream.Write(new byte[100_000]);
                stream.Flush();
                throw new InvalidOperationException("disk pulled out");
            });

        write.Should().Throw<InvalidOperationException>().WithMessage("disk pulled out");
        File.ReadAllText(path).Should().Be("old content");
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void A_failure_on_a_new_file_creates_nothing()
    {
        using var folder = new TempFolder();
        var path = folder.File("new.bin");

        var write = () => AtomicFile.Write(path, stream =>
            {
                stream.WriteByte(1);
                throw new IOException("no space left on device");
            });

        write.Should().Throw<MlopsException>().Which.Where.Should().Be(path);
        Directory.GetFiles(folder.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Async_writes_bytes_from_a_stream()
    {
        using var folder = new TempFolder();
        var path = folder.File("blob");
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        await AtomicFile.WriteAsync(path, (stream, token) => new MemoryStream(bytes).CopyToAsync(stream, token));

        File.ReadAllBytes(path).Should().Equal(bytes);
    }

    [Fact]
    public async Task A_cancelled_async_write_keeps_the_old_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("blob", "old");
        using var cancel = new CancellationTokenSource();

        var write = () =>
            AtomicFile.WriteAsync(
                path,
                async (stream, token) =>
                {
                    await stream.WriteAsync(new byte[10], token);
                    cancel.Cancel();
                    token.ThrowIfCancellationRequested();
                },
                cancel.Token
            );

        await write.Should().ThrowAsync<OperationCanceledException>();
        File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(folder.Path).Should().ContainSingle();
    }
}
