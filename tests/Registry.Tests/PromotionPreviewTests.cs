using Mlops.Core.Errors;
using Mlops.Registry.Models;

namespace Mlops.Registry.Tests;

/// <summary>The dry-run gate answers as <see cref="AliasBook.PromoteAsync"/> would, and moves nothing.</summary>
public sealed class PromotionPreviewTests : IDisposable
{
    private readonly RegistryFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task Preview_refuses_what_promote_refuses_and_accepts_what_it_accepts_without_moving_the_alias()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("good", 0.92));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("worse", 0.85));
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("best", 0.95));

        (await registry.RefusalAsync(new PromoteRequest("fashion", 2, "production")))
            .Should()
            .BeNull("no alias yet: nothing to compare against");
        (await registry.Aliases.StateAsync("fashion", "production")).Should().BeNull("a preview moves nothing");
        await registry.PromoteAsync(new PromoteRequest("fashion", 1, "production"));
        var historyBefore = (await registry.HistoryAsync("fashion")).Count;

        var refusal = await registry.RefusalAsync(new PromoteRequest("fashion", 2, "production"));
        refusal.Should().Contain("accuracy 0.85").And.Contain("0.92");
        await FluentActions
            .Awaiting(() => registry.PromoteAsync(new PromoteRequest("fashion", 2, "production")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage($"*{refusal}*");

        (await registry.RefusalAsync(new PromoteRequest("fashion", 3, "production"))).Should().BeNull();
        (await registry.RefusalAsync(new PromoteRequest("fashion", 1, "production")))
            .Should()
            .BeNull("the alias already holds it");
        (
            await registry.RefusalAsync(
                new PromoteRequest("fashion", 2, "production") { Force = true, Reason = "rollback" }
            )
        )
            .Should()
            .BeNull();
        (await registry.ResolveAsync(ModelRef.Parse("fashion@production"))).Version.Should().Be(1);
        (await registry.HistoryAsync("fashion")).Should().HaveCount(historyBefore);
    }

    [Fact]
    public async Task Preview_of_a_missing_version_or_a_force_without_reason_is_an_error()
    {
        using var registry = _fx.Open();
        await _fx.PushRunAsync(registry, "fashion", _fx.Run("good", 0.92));

        await FluentActions
            .Awaiting(() => registry.RefusalAsync(new PromoteRequest("fashion", 7, "production")))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*no version 7*");
        await FluentActions
            .Awaiting(() => registry.RefusalAsync(new PromoteRequest("fashion", 1, "production") { Force = true }))
            .Should()
            .ThrowAsync<MlopsException>()
            .WithMessage("*--reason*");
    }
}
