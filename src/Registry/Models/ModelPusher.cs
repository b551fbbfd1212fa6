using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Registry.Models;

/// <summary>
/// Registers a version: hash the files, claim a number (create-only), upload the files (create-only),
/// then write the card (create-only). The card goes last, so an interrupted push is never visible.
/// </summary>
public sealed class ModelPusher(IBlobStore store, VersionCatalog catalog, string actor)
{
    public async Task<ModelCard> PushAsync(
        PushRequest request,
        IProgress<TransferProgress>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        var model = RegistryNames.Model(request.Model);
        if (request.Files.Count == 0)
            throw new MlopsException("nothing to push: no files given", "push");
        var duplicate = request.Files.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new MlopsException(
                $"two files would both be stored as '{duplicate.Key}'",
                duplicate.First().SourcePath
            );

        var files = new List<CardFile>();
        foreach (var file in request.Files)
        {
            RegistryNames.File(file.Name);
            if (!File.Exists(file.SourcePath))
                throw new MlopsException("file to push does not exist", file.SourcePath);
            files.Add(
                new CardFile(
                    file.Name,
                    new FileInfo(file.SourcePath).Length,
                    await FileHashing.Sha256HexAsync(file.SourcePath, cancellationToken)
                )
            );
        }
        if (request.Lineage.ParentVersion is { } parent)
            await catalog.CardAsync(model, parent, cancellationToken); // the parent must exist

        var version = await catalog.ClaimNextAsync(model, actor, cancellationToken);
        for (var i = 0; i < files.Count; i++)
            await UploadAsync(model, version, request.Files[i], files[i], progress, cancellationToken);

        var card = new ModelCard
        {
            Model = model,
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            CreatedBy = actor,
            Description = request.Description,
            Files = files,
            Metrics = request.Metrics,
            Config = request.Config,
            Lineage = request.Lineage,
        };
        await RegistryJson.WriteAsync(
            store,
            RegistryLayout.Card(model, version),
            card,
            WriteCondition.DoesNotExist,
            cancellationToken
        );
        if (await store.StatAsync(RegistryLayout.Tombstone(model, version), cancellationToken) is not null)
            throw new MlopsException(
                $"gc collected version {version} while this push was still running (its --grace was shorter than the "
                    + $"push); push again",
                RegistryLayout.Version(model, version)
            );
        return card;
    }

    private async Task UploadAsync(
        string model,
        int version,
        PushFile source,
        CardFile expected,
        IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        await using var content = new ObservedReadStream(File.OpenRead(source.SourcePath), (start, data) =>
            progress?.Report(new TransferProgress(source.Name, start + data.Length, expected.Size))
        );
        await store.PutAsync(
            RegistryLayout.File(model, version, source.Name),
            content,
            WriteCondition.DoesNotExist,
            cancellationToken
        );
        progress?.Report(new TransferProgress(source.Name, expected.Size, expected.Size));
    }
}
