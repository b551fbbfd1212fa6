using Mlops.Registry.Models;
using Mlops.Registry.Stores.Local;

namespace Mlops.Registry.Tests;

/// <summary>Several real processes on one local bucket: the guarantees the registry makes under races and crashes.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly RegistryFixture _fx = new();

    [Fact]
    public async Task Sixteen_concurrent_pushes_from_separate_processes_give_sixteen_distinct_complete_versions()
    {
        var files = Enumerable
            .Range(0, 16)
            .Select(i => _fx.Folder.File($"in/{i}/model.onnx", $"model number {i} " + new string('x', 5000 + i)))
            .ToList();
        Directory.CreateDirectory(_fx.Bucket);
        var outputs = await Task.WhenAll(files.Select(f => HelperProcess.RunAsync("push", _fx.Bucket, "fashion", f)));

        outputs.Select(int.Parse).Order().Should().Equal(Enumerable.Range(1, 16));
        using var registry = _fx.Open();
        var cards = await registry.Catalog.VisibleCardsAsync("fashion");
        cards.Should().HaveCount(16);
        var contents = new HashSet<string>();
        foreach (var card in cards)
        {
            var to = Path.Combine(_fx.Folder.Path, "out", card.Version.ToString());
            await registry.PullAsync(new ModelRef("fashion", card.Version), to); // verifies sha256
            contents.Add(File.ReadAllText(Path.Combine(to, "model.onnx")));
        }
        contents.Should().HaveCount(16, "every process's file survived, none overwrote another");
    }

    [Fact]
    public async Task Concurrent_promotes_keep_a_complete_history_and_the_alias_ends_on_the_last_move()
    {
        using (var registry = _fx.Open())
            for (var i = 1; i <= 6; i++)
                await _fx.PushRunAsync(registry, "fashion", _fx.Run($"r{i}", 0.9));
        await Task.WhenAll(
            Enumerable
                .Range(1, 6)
                .Select(v => HelperProcess.RunAsync("promote", _fx.Bucket, "fashion", v.ToString(), "production"))
        );

        using var reader = _fx.Open();
        var history = await reader.HistoryAsync("fashion");
        history.Should().HaveCount(6);
        history.Select(e => e.Sequence).Should().BeEquivalentTo(Enumerable.Range(1, 6).Select(i => (long)i));
        var chain = history.OrderBy(e => e.Sequence).ToList();
        chain[0].From.Should().BeNull();
        for (var i = 1; i < chain.Count; i++)
            chain[i].From.Should().Be(chain[i - 1].To, "each move starts where the previous one ended");
        chain.Select(e => e.To).Should().OnlyHaveUniqueItems();
        (await reader.ResolveAsync(ModelRef.Parse("fashion@production"))).Version.Should().Be(chain[^1].To);
    }

    [Fact]
    public async Task A_push_killed_half_way_leaves_no_visible_version_and_gc_collects_it()
    {
        var big = _fx.Folder.File("in/model.onnx", new byte[4 << 20]);
        var config = _fx.Folder.File("in/config.yaml", "a: 1\n");
        var marker = Path.Combine(_fx.Folder.Path, "half-way");
        Directory.CreateDirectory(_fx.Bucket);
        using (var process = HelperProcess.Start("stall-push", _fx.Bucket, "fashion", marker, config, big))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(marker) && !process.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            File.Exists(marker).Should().BeTrue("the helper must reach the middle of the upload");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        using var registry = _fx.Open();
        (await registry.Catalog.VisibleCardsAsync("fashion")).Should().BeEmpty();
        await FluentActions
            .Awaiting(() => registry.ResolveAsync(ModelRef.Parse("fashion")))
            .Should()
            .ThrowAsync<Core.Errors.MlopsException>();
        (await registry.Catalog.EntriesAsync("fashion")).Should().ContainSingle(e => e.HasClaim && !e.HasCard);

        (await _fx.PushRunAsync(registry, "fashion", _fx.Run("after", 0.9))).Version.Should().Be(2);
        var report = await registry.Collector.CollectAsync(TimeSpan.Zero);
        report.CollectedVersions.Should().Equal("fashion:1");
        Directory.Exists(Path.Combine(_fx.Bucket, "models/fashion/versions/1/files")).Should().BeFalse();
        Directory
            .EnumerateFiles(Path.Combine(_fx.Bucket, LocalBlobStore.InternalFolder, "tmp"))
            .Should()
            .BeEmpty("the killed writer's temporary file is collected too");
        (await registry.Catalog.VisibleCardsAsync("fashion")).Select(c => c.Version).Should().Equal(2);
    }

    public void Dispose() => _fx.Dispose();
}
