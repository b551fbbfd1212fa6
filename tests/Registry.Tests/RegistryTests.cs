using Mlops.Core.Errors;
using Mlops.Registry.Models;

namespace Mlops.Registry.Tests;

public sealed class RegistryTests : IDisposable
{
    private readonly RegistryFixture _fx = new();

    [Fact]
    public async Task Push_of_a_run_folder_records_files_hashes_metrics_config_and_lineage()
    {
        using var registry = _fx.Open();
        var card = await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.91));
        card.Version.Should().Be(1);
        card.Files.Select(f => f.Name).Should().Equal("config.yaml", "evaluation.json", "model.onnx"); // no checkpoints
        var onnx = card.Files.Single(f => f.Name == "model.onnx");
        onnx.Sha256.Should()
            .Be(
                Convert.ToHexStringLower(
                    System.Security.Cryptography.SHA256.HashData(
                        File.ReadAllBytes(Path.Combine(_fx.Folder.Path, "runs/r1/model.onnx"))
                    )
                )
            );
        card.Metrics.Should().Contain("accuracy", 0.91).And.Contain("loss", 0.3);
        card.Config.Should().Contain("optim.lr", "0.1").And.Contain("optim.betas[1]", "0.999");
        card.Lineage.Should()
            .Be(
                new Lineage
                {
                    Run = "r1",
                    GitCommit = "abc123",
                    DataFingerprint = "sha256:feed",
                }
            );
        card.CreatedBy.Should().Be("tester");
        (await registry.ResolveAsync(ModelRef.Parse("fashion"))).Should().BeEquivalentTo(card);
    }

    [Fact]
    public async Task Pull_writes_verified_files_and_the_card()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.91));
        var to = Path.Combine(_fx.Folder.Path, "pulled");
        await registry.PullAsync(ModelRef.Parse("fashion:1"), to);
        File.ReadAllBytes(Path.Combine(to, "model.onnx"))
            .Should()
            .Equal(File.ReadAllBytes(Path.Combine(_fx.Folder.Path, "runs/r1/model.onnx")));
        File.Exists(Path.Combine(to, "card.json")).Should().BeTrue();
        Directory.GetFiles(to).Should().NotContain(f => f.Contains(".partial"));
    }

    [Fact]
    public async Task Pull_of_a_tampered_file_fails_naming_the_file_and_writes_nothing_for_it()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.91));
        var stored = Path.Combine(_fx.Bucket, "models/fashion/versions/1/files/model.onnx");
        var bytes = File.ReadAllBytes(stored);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(stored, bytes);
        var to = Path.Combine(_fx.Folder.Path, "pulled");
        var error = await FluentActions
            .Awaiting(() => registry.PullAsync(ModelRef.Parse("fashion:1"), to))
            .Should()
            .ThrowAsync<MlopsException>();
        error.Which.Message.Should().Contain("model.onnx").And.Contain("integrity");
        error.Which.Where.Should().EndWith("models/fashion/versions/1/files/model.onnx");
        File.Exists(Path.Combine(to, "model.onnx")).Should().BeFalse();
        Directory.GetFiles(to).Should().NotContain(f => f.Contains(".partial"));
    }

    [Fact]
    public async Task Pull_into_a_path_that_is_a_file_is_refused_naming_it_and_leaves_the_file_alone()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.91));
        var file = _fx.Folder.File("notes.txt", "keep me");
        var error = await FluentActions
            .Awaiting(() => registry.PullAsync(ModelRef.Parse("fashion:1"), file))
            .Should()
            .ThrowAsync<MlopsException>();
        error.Which.Where.Should().Be(file);
        error.Which.Message.Should().Contain("is a file");
        File.ReadAllText(file).Should().Be("keep me");
    }

    [Fact]
    public async Task Promotion_gate_refuses_a_worse_metric_and_force_needs_a_reason()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("good", 0.92));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("worse", 0.85));
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "production") { Reason = "first" });

        var refused = await FluentActions
            .Awaiting(() => registry.PromoteAsync(new PromoteRequest("fashion", 2, "production")))
            .Should()
            .ThrowAsync<MlopsException>();
        refused.Which.Message.Should().Contain("accuracy 0.85").And.Contain("0.92");
        await FluentActions
            .Awaiting(() => registry.PromoteAsync(new PromoteRequest("fashion", 2, "production") { Force = true }))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*--reason*");
        (await registry.ResolveAsync(ModelRef.Parse("fashion@production"))).Version.Should().Be(1);

        var forced = await registry.PromoteAsync(
            new PromoteRequest("fashion", 2, "production") { Force = true, Reason = "latency matters more" }
        );
        forced!.Action.Should().Be("force-promote");
        (await registry.ResolveAsync(ModelRef.Parse("fashion@production"))).Version.Should().Be(2);
    }

    [Fact]
    public async Task Lower_is_better_metrics_gate_the_other_way()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("a", 0.9));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("b", 0.9));
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "staging"));
        // equal loss passes; the gate only refuses strictly worse
        (
            await registry.PromoteAsync(
                new PromoteRequest("fashion", 2, "staging") { Metric = "loss", LowerIsBetter = true }
            )
        )!
            .To.Should()
            .Be(2);
    }

    [Fact]
    public async Task Rollback_walks_back_through_earlier_versions_and_history_records_every_move()
    {
        using var registry = _fx.Open(actor: "release-manager");
        for (var i = 1; i <= 3; i++)
            await _fx.PushRunAsync(registry, "fashion", _fx.Run($"r{i}", 0.8 + i / 100.0));
        for (var i = 1; i <= 3; i++)
            await registry.PromoteAsync(new PromoteRequest("fashion", i, "production") { Reason = $"v{i}" });

        (await registry.RollbackAsync("fashion", "production", "bad latency")).To.Should().Be(2);
        (await registry.RollbackAsync("fashion", "production", "still bad")).To.Should().Be(1);
        await FluentActions
            .Awaiting(() => registry.RollbackAsync("fashion", "production", null))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*no earlier version*");

        var history = await registry.HistoryAsync("fashion");
        history
            .Select(e => (e.Action, e.From, e.To))
            .Should()
            .Equal(("promote", null, 1), ("promote", 1, 2), ("promote", 2, 3), ("rollback", 3, 2), ("rollback", 2, 1));
        history.Should().OnlyContain(e => e.Actor == "release-manager");
        history[3].Reason.Should().Be("bad latency");
    }

    [Fact]
    public async Task Tags_are_set_and_removed_without_touching_the_version()
    {
        using var registry = _fx.Open();
        var card = await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.9));
        await registry.Tags.UpdateAsync(
            "fashion",
            1,
            new Dictionary<string, string> { ["owner"] = "vision", ["ticket"] = "ML-12" },
            []
        );
        var tags = await registry.Tags.UpdateAsync("fashion", 1, new Dictionary<string, string>(), ["ticket"]);
        tags.Should().Equal(new Dictionary<string, string> { ["owner"] = "vision" });
        (await registry.ResolveAsync(ModelRef.Parse("fashion:1"))).Should().BeEquivalentTo(card);
        await FluentActions
            .Awaiting(() => registry.Tags.UpdateAsync("fashion", 9, new Dictionary<string, string> { ["a"] = "b" }, []))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*no version 9*");
    }

    [Fact]
    public async Task Diff_shows_metrics_and_config_side_by_side()
    {
        using var registry = _fx.Open();
        var left = await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.9, lr: "0.1"));
        var right = await _fx.PushRunAsync(registry, "fashion", _fx.Run("r2", 0.93, lr: "0.05"));
        var rows = CardDiff.Compare(left, right);
        rows.Should().ContainEquivalentOf(new CardDiff.Row("metric", "accuracy", "0.9", "0.93"));
        rows.Should().ContainEquivalentOf(new CardDiff.Row("config", "optim.lr", "0.1", "0.05"));
        rows.Single(r => r.Key == "model.depth").Differs.Should().BeFalse();
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("has space")]
    [InlineData("ctrl\u0001char")]
    [InlineData("")]
    public async Task Unsafe_model_names_are_refused_and_nothing_is_written(string name)
    {
        using var registry = _fx.Open();
        var run = _fx.Run("r1", 0.9);
        await FluentActions
            .Awaiting(() => _fx.PushRunAsync(registry, name, run))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*invalid model name*");
        FluentActions.Invoking(() => ModelRef.Parse(name + ":1")).Should().Throw<MlopsException>();
        Directory.Exists(Path.Combine(_fx.Bucket, "models")).Should().BeFalse();
    }

    [Fact]
    public async Task Unknown_models_versions_and_aliases_give_clear_errors()
    {
        using var registry = _fx.Open();
        await FluentActions
            .Awaiting(() => registry.ResolveAsync(ModelRef.Parse("nope")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("no model named 'nope' in *; the registry is empty");
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.9));
        await FluentActions
            .Awaiting(() => registry.ResolveAsync(ModelRef.Parse("fashion:7")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*no version 7*");
        await FluentActions
            .Awaiting(() => registry.ResolveAsync(ModelRef.Parse("fashion@production")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*no alias 'production'*");
        await FluentActions
            .Awaiting(() => registry.PromoteAsync(new PromoteRequest("fashion", 3, "production")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*no version 3*");
        FluentActions
            .Invoking(() => ModelRef.Parse("fashion@42"))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*cannot be a number*");
        FluentActions
            .Invoking(() => ModelRef.Parse("fashion:0"))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*positive number*");
        FluentActions
            .Invoking(() => ModelRef.Parse("fashion:latest"))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*positive number*");
        FluentActions
            .Invoking(() => ModelRef.Parse("fashion@prod/../x"))
            .Should()
            .Throw<MlopsException>()
            .WithMessage("*invalid alias*");
    }

    [Fact]
    public async Task Deleted_versions_disappear_gc_frees_their_files_and_numbers_are_never_reused()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.9));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r2", 0.9));
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "production"));
        await FluentActions
            .Awaiting(() => registry.Collector.DeleteVersionAsync("fashion", 1, "bad", force: false))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*held by alias production*");
        await registry.Collector.DeleteVersionAsync("fashion", 2, "trained on the wrong split", force: false);
        await FluentActions
            .Awaiting(() => registry.ResolveAsync(ModelRef.Parse("fashion:2")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*deleted*wrong split*");

        var report = await registry.Collector.CollectAsync(TimeSpan.FromHours(1));
        report.CollectedVersions.Should().Equal("fashion:2");
        Directory.Exists(Path.Combine(_fx.Bucket, "models/fashion/versions/2/files")).Should().BeFalse();
        (await _fx.PushRunAsync(registry, "fashion", _fx.Run("r3", 0.9))).Version.Should().Be(3);
        (await registry.Catalog.VisibleCardsAsync("fashion")).Select(c => c.Version).Should().Equal(1, 3);
    }

    [Fact]
    public async Task A_push_that_gc_collected_while_it_ran_reports_it_instead_of_claiming_success()
    {
        using var registry = _fx.Open();
        var run = _fx.Run("r1", 0.9);
        var collected = false;
        var gcMidPush = new Progress(p =>
        {
            if (collected || p.File != "model.onnx")
                return;
            collected = true;
            Task.Run(() => registry.Collector.CollectAsync(TimeSpan.Zero)).Wait();
        });
        await FluentActions
            .Awaiting(() => registry.PushAsync(RunFolderReader.Read("fashion", [run], new Lineage()), gcMidPush))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*gc collected version 1*");
        (await registry.Catalog.VisibleCardsAsync("fashion")).Should().BeEmpty();
    }

    private sealed class Progress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }

    [Fact]
    public async Task An_alias_whose_version_was_force_deleted_can_be_moved_on()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.95));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r2", 0.80));
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "production"));
        await registry.Collector.DeleteVersionAsync("fashion", 1, "leaked test data", force: true);
        await FluentActions
            .Awaiting(() => registry.ResolveAsync(ModelRef.Parse("fashion@production")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*deleted*");
        (await registry.PromoteAsync(new PromoteRequest("fashion", 2, "production")))!.From.Should().Be(1);
    }

    [Fact]
    public async Task A_webhook_that_stays_down_is_a_warning_and_the_move_is_still_recorded()
    {
        var warnings = new List<string>();
        using var notifier = new WebhookNotifier(
            new Uri($"http://127.0.0.1:{FreePort()}/hook"),
            warnings.Add,
            attempts: 3,
            firstDelay: TimeSpan.FromMilliseconds(10)
        );
        using var store = new Stores.Local.LocalBlobStore(_fx.Bucket);
        var catalog = new VersionCatalog(store);
        using (var registry = _fx.Open())
            await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.9));
        await new AliasBook(store, catalog, "ci", notifier).PromoteAsync(new PromoteRequest("fashion", 1, "staging"));
        warnings.Should().ContainSingle().Which.Should().Contain("did not accept the staging move");
        (await catalog.ResolveAsync(ModelRef.Parse("fashion@staging"))).Version.Should().Be(1);
    }

    [Fact]
    public async Task Webhook_receives_each_alias_move_and_is_retried_after_a_failure()
    {
        using var listener = new System.Net.HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new List<string>();
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                bodies.Add(await new StreamReader(context.Request.InputStream).ReadToEndAsync());
                context.Response.StatusCode = i == 0 ? 503 : 204; // first delivery fails
                context.Response.Close();
            }
        });
        using var registry = _fx.Open(webhook: new Uri($"http://127.0.0.1:{port}/hook"));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("r1", 0.9));
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "production") { Reason = "go" });
        await server.WaitAsync(TimeSpan.FromSeconds(10));
        bodies.Should().HaveCount(2);
        bodies[1].Should().Contain("\"alias\": \"production\"").And.Contain("\"to\": 1");
        _fx.Warnings.Should().BeEmpty();
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose() => _fx.Dispose();
}
