using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>
/// The model registry on a bucket: one entry point for push, pull, aliases, tags and gc, written
/// against <see cref="IBlobStore"/> only (file:// and gs:// behave the same).
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly WebhookNotifier? _webhook;

    public ModelRegistry(IBlobStore store, RegistryOptions? options = null)
    {
        options ??= new RegistryOptions();
        Store = store;
        _webhook = options.Webhook is null
            ? null
            : new WebhookNotifier(options.Webhook, options.Warn, options.WebhookSecret);
        Catalog = new VersionCatalog(store);
        Aliases = new AliasBook(store, Catalog, options.Actor, _webhook);
        Tags = new VersionTags(store, Catalog);
        Pusher = new ModelPusher(store, Catalog, options.Actor);
        Puller = new ModelPuller(store, Catalog);
        Collector = new RegistryCollector(store, Catalog, Aliases, options.Actor);
    }

    public IBlobStore Store { get; }
    public VersionCatalog Catalog { get; }
    public AliasBook Aliases { get; }
    public VersionTags Tags { get; }
    public ModelPusher Pusher { get; }
    public ModelPuller Puller { get; }
    public RegistryCollector Collector { get; }

    /// <summary>The alias book with another actor recorded in its history (the console's signed-in user), sharing
    /// this registry's store, catalog and webhook.</summary>
    public AliasBook AliasesActingAs(string actor) => new(Store, Catalog, actor, _webhook);

    public Task<ModelCard> PushAsync(
        PushRequest request,
        IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default
    ) => Pusher.PushAsync(request, progress, cancellationToken);

    public Task<ModelCard> PullAsync(
        ModelRef reference,
        string destination,
        IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default
    ) => Puller.PullAsync(reference, destination, progress, cancellationToken);

    public Task<ModelCard> ResolveAsync(ModelRef reference, CancellationToken cancellationToken = default) =>
        Catalog.ResolveAsync(reference, cancellationToken);

    public Task<AliasEvent?> PromoteAsync(PromoteRequest request, CancellationToken cancellationToken = default) =>
        Aliases.PromoteAsync(request, cancellationToken);

    public Task<AliasEvent> RollbackAsync(
        string model,
        string alias,
        string? reason,
        CancellationToken cancellationToken = default
    ) => Aliases.RollbackAsync(model, alias, reason, cancellationToken);

    public Task<IReadOnlyList<AliasEvent>> HistoryAsync(string model, CancellationToken cancellationToken = default) =>
        Aliases.HistoryAsync(model, cancellationToken);

    public void Dispose()
    {
        _webhook?.Dispose();
        Store.Dispose();
    }
}
