using System.Formats.Tar;
using Mlops.Deploy.Image;

namespace Mlops.Deploy.Tests.Image;

public class DeterministicTarTests
{
    private static byte[] TarOf(IEnumerable<LayerEntry> entries)
    {
        using var buffer = new MemoryStream();
        DeterministicTar.Write(entries, buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void Entries_are_sorted_with_parents_and_fixed_headers_whatever_the_input_order()
    {
        LayerEntry[] entries =
        [
            LayerEntry.FromBytes("/b/z.txt", "z"u8.ToArray()),
            LayerEntry.Symlink("/a/link", "/b/z.txt"),
            LayerEntry.FromBytes("/a/file", "hello"u8.ToArray(), LayerEntry.ExecutableMode),
        ];

        var forward = TarOf(entries);
        var backward = TarOf(entries.Reverse());
        backward.Should().Equal(forward);

        using var reader = new TarReader(new MemoryStream(forward));
        var read = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
            read.Add(entry);
        read.Select(e => e.Name).Should().Equal("a/", "a/file", "a/link", "b/", "b/z.txt");
        read.Should()
            .AllSatisfy(e =>
            {
                e.Format.Should().Be(TarEntryFormat.Ustar);
                e.ModificationTime.Should().Be(DateTimeOffset.UnixEpoch);
                e.Uid.Should().Be(0);
                e.Gid.Should().Be(0);
            });
        read[1].Mode.Should().Be(LayerEntry.ExecutableMode);
        read[2].EntryType.Should().Be(TarEntryType.SymbolicLink);
        read[2].LinkName.Should().Be("/b/z.txt");
    }

    [Fact]
    public void A_path_given_twice_is_refused()
    {
        var act = () => TarOf([LayerEntry.FromBytes("/x", [1]), LayerEntry.FromBytes("/x", [2])]);
        act.Should().Throw<Mlops.Core.Errors.MlopsException>().WithMessage("*'/x' twice*");
    }

    [Fact]
    public void A_path_escaping_the_root_is_refused()
    {
        var act = () => TarOf([LayerEntry.FromBytes("/app/../etc/shadow", [1])]);
        act.Should().Throw<Mlops.Core.Errors.MlopsException>().WithMessage("*not a clean absolute path*");
    }
}
