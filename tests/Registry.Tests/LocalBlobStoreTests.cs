using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Local;

namespace Mlops.Registry.Tests;

public sealed class LocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TestFolder _folder = new();

    protected override IBlobStore CreateStore() => new LocalBlobStore(_folder.Path);

    [Fact]
    public async Task Create_only_write_fails_when_the_object_exists()
    {
        using var store = CreateStore();
        await store.PutBytesAsync("claim", [1], WriteCondition.DoesNotExist);
        await FluentActions
            .Awaiting(() => store.PutBytesAsync("claim", [2], WriteCondition.DoesNotExist))
            .Should()
            .ThrowAsync<PreconditionFailedException>();
        (await store.ReadAllBytesAsync("claim")).Should().Equal(1);
    }

    [Fact]
    public async Task Compare_and_swap_succeeds_only_on_the_current_generation()
    {
        using var store = CreateStore();
        var first = await store.PutBytesAsync("alias", [1], WriteCondition.None);
        var second = await store.PutBytesAsync("alias", [2], WriteCondition.GenerationMatch(first.Generation));
        await FluentActions
            .Awaiting(() => store.PutBytesAsync("alias", [3], WriteCondition.GenerationMatch(first.Generation)))
            .Should()
            .ThrowAsync<PreconditionFailedException>();
        await FluentActions
            .Awaiting(() => store.DeleteAsync("alias", first.Generation))
            .Should()
            .ThrowAsync<PreconditionFailedException>();
        (await store.DeleteAsync("alias", second.Generation)).Should().BeTrue();
    }

    [Fact]
    public async Task Concurrent_create_only_writes_from_many_threads_have_exactly_one_winner()
    {
        using var store = CreateStore();
        var attempts = Enumerable
            .Range(0, 32)
            .Select(i =>
                Task.Run(async () =>
                {
                    try
                    {
                        await store.PutBytesAsync("race", [(byte)i], WriteCondition.DoesNotExist);
                        return true;
                    }
                    catch (PreconditionFailedException)
                    {
                        return false;
                    }
                })
            );
        (await Task.WhenAll(attempts)).Count(won => won).Should().Be(1);
    }

    [Fact]
    public async Task Paging_with_a_delimiter_never_repeats_a_folded_prefix()
    {
        using var store = CreateStore();
        foreach (var name in new[] { "v/1/a", "v/1/b", "v/2/a", "v/3/a", "v/3/b", "v/x" })
            await store.PutBytesAsync(name, [1], WriteCondition.None);
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync("v/", "/", token, 1);
            keys.AddRange(page.Prefixes.Concat(page.Objects.Select(o => o.Name)));
            token = page.NextPageToken;
        } while (token is not null);
        keys.Should().Equal("v/1/", "v/2/", "v/3/", "v/x");
    }

    [Fact]
    public void A_bucket_path_that_is_a_file_is_refused_naming_it()
    {
        var file = Path.Combine(_folder.Path, "model.png");
        File.WriteAllText(file, "not a folder");
        FluentActions
            .Invoking(() => new LocalBlobStore(file))
            .Should()
            .Throw<Mlops.Core.Errors.MlopsException>()
            .Which.Where.Should()
            .Be("file://" + file);
        File.ReadAllText(file).Should().Be("not a folder");
    }

    [Fact]
    public async Task A_folder_that_does_not_exist_reads_as_an_empty_store_and_is_created_only_by_the_first_write()
    {
        var root = Path.Combine(_folder.Path, "no", "such", "bucket");
        using var store = new LocalBlobStore(root);

        (await store.ListAsync("")).Objects.Should().BeEmpty();
        (await store.StatAsync("models/fashion/card.json")).Should().BeNull();
        await FluentActions
            .Awaiting(() => store.ReadAllBytesAsync("models/fashion/card.json"))
            .Should()
            .ThrowAsync<BlobNotFoundException>();
        (await store.DeleteAsync("models/fashion/card.json")).Should().BeFalse();
        await FluentActions
            .Awaiting(() => store.DeleteAsync("models/fashion/card.json", ifGenerationMatch: 7))
            .Should()
            .ThrowAsync<PreconditionFailedException>();
        (await store.CleanLeftoversAsync(TimeSpan.Zero)).Should().Be(0);
        Directory
            .Exists(Path.Combine(_folder.Path, "no"))
            .Should()
            .BeFalse("reading a mistyped path must not leave a new registry behind");

        await store.PutBytesAsync("models/fashion/card.json", [1], WriteCondition.DoesNotExist);
        (await store.ReadAllBytesAsync("models/fashion/card.json")).Should().Equal(1);
    }

    [Fact]
    public async Task Leftover_cleaning_spares_a_temporary_file_whose_writer_is_still_alive()
    {
        using var store = new LocalBlobStore(_folder.Path);
        var temporary = Path.Combine(_folder.Path, LocalBlobStore.InternalFolder, "tmp", "writer");
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!); // as a writer's first put leaves it
        var alive = new FileStream(temporary + ".live", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.WriteAllText(temporary, "half a model");
        File.SetLastWriteTimeUtc(temporary, DateTime.UtcNow.AddHours(-2));
        (await store.CleanLeftoversAsync(TimeSpan.Zero)).Should().Be(0);
        (await store.CleanLeftoversAsync(TimeSpan.Zero)).Should().Be(0);
        File.Exists(temporary).Should().BeTrue();
        File.Exists(temporary + ".live").Should().BeTrue("probing a live writer must not remove its companion");
        alive.Dispose(); // the writer died: its lock is released, its companion file stays behind
        (await store.CleanLeftoversAsync(TimeSpan.Zero)).Should().Be(1);
        Directory.EnumerateFiles(Path.GetDirectoryName(temporary)!).Should().BeEmpty();
    }

    [Fact]
    public async Task An_object_can_be_read_the_moment_it_is_written()
    {
        using var store = CreateStore();
        var writers = Enumerable
            .Range(0, 8)
            .Select(i =>
                Task.Run(async () =>
                {
                    for (var n = 0; n < 20; n++)
                        await store.PutBytesAsync("hot", [(byte)i, (byte)n], WriteCondition.None);
                })
            );
        var readers = Enumerable
            .Range(0, 4)
            .Select(_ =>
                Task.Run(async () =>
                {
                    for (var n = 0; n < 50; n++)
                        try
                        {
                            (await store.ReadAllBytesAsync("hot")).Should().HaveCount(2);
                        }
                        catch (BlobNotFoundException) { } // before the first write lands
                })
            );
        await Task.WhenAll(writers.Concat(readers));
    }

    [Fact]
    public async Task Internal_folder_is_neither_listed_nor_writable()
    {
        using var store = CreateStore();
        await store.PutBytesAsync("x", [1], WriteCondition.None);
        (await store.ListAsync("")).Objects.Select(o => o.Name).Should().Equal("x");
        await FluentActions
            .Awaiting(() => store.PutBytesAsync(".mlops-store/locks/00.lock", [1], WriteCondition.None))
            .Should()
            .ThrowAsync<Core.Errors.MlopsException>();
    }

    public void Dispose() => _folder.Dispose();
}
