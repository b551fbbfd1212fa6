using System.Text;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Tests;

/// <summary>What every store must do the same way; run against file:// and against the GCS emulator.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore CreateStore();

    [Fact]
    public async Task Put_then_read_round_trips_and_overwrite_changes_generation()
    {
        using var store = CreateStore();
        var first = await store.PutBytesAsync("a/one.txt", "hello"u8.ToArray(), WriteCondition.None);
        (await store.ReadAllBytesAsync("a/one.txt")).Should().Equal("hello"u8.ToArray());
        var stat = await store.StatAsync("a/one.txt");
        stat!.Size.Should().Be(5);
        stat.Generation.Should().Be(first.Generation);
        var second = await store.PutBytesAsync("a/one.txt", "hello again"u8.ToArray(), WriteCondition.None);
        second.Generation.Should().NotBe(first.Generation);
        Encoding.UTF8.GetString(await store.ReadAllBytesAsync("a/one.txt")).Should().Be("hello again");
    }

    [Fact]
    public async Task Range_read_returns_only_those_bytes()
    {
        using var store = CreateStore();
        await store.PutBytesAsync(
            "r.bin",
            Enumerable.Range(0, 100).Select(i => (byte)i).ToArray(),
            WriteCondition.None
        );
        using var part = new MemoryStream();
        await store.ReadAsync("r.bin", part, new ByteRange(10, 5));
        part.ToArray().Should().Equal(10, 11, 12, 13, 14);
        using var tail = new MemoryStream();
        await store.ReadAsync("r.bin", tail, new ByteRange(97));
        tail.ToArray().Should().Equal(97, 98, 99);
    }

    [Fact]
    public async Task List_applies_prefix_delimiter_and_pages()
    {
        using var store = CreateStore();
        foreach (var name in new[] { "m/a/1", "m/a/2", "m/b/1", "m/c", "m/d", "n/x" })
            await store.PutBytesAsync(name, [1], WriteCondition.None);
        var folded = await store.ListAsync("m/", "/");
        folded.Prefixes.Should().Equal("m/a/", "m/b/");
        folded.Objects.Select(o => o.Name).Should().Equal("m/c", "m/d");

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync("m/", null, token, 2);
            names.AddRange(page.Objects.Select(o => o.Name));
            token = page.NextPageToken;
            pages++;
        } while (token is not null);
        names.Should().Equal("m/a/1", "m/a/2", "m/b/1", "m/c", "m/d");
        pages.Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Missing_objects_read_as_not_found_and_delete_reports_whether_it_deleted()
    {
        using var store = CreateStore();
        (await store.StatAsync("nothing/here")).Should().BeNull();
        await FluentActions
            .Awaiting(() => store.ReadAllBytesAsync("nothing/here"))
            .Should()
            .ThrowAsync<BlobNotFoundException>();
        await store.PutBytesAsync("gone.txt", [1, 2], WriteCondition.None);
        (await store.DeleteAsync("gone.txt")).Should().BeTrue();
        (await store.DeleteAsync("gone.txt")).Should().BeFalse();
        (await store.StatAsync("gone.txt")).Should().BeNull();
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("/absolute")]
    [InlineData("a/./b")]
    [InlineData("bell\u0007")]
    public async Task Unsafe_object_names_are_refused(string name)
    {
        using var store = CreateStore();
        await FluentActions
            .Awaiting(() => store.PutBytesAsync(name, [1], WriteCondition.None))
            .Should()
            .ThrowAsync<MlopsException>();
    }
}
