using Mlops.Core.Errors;
using Mlops.Core.Hashing;

namespace Mlops.Serve.Models;

/// <summary>
/// A model served from a file. Its version is the registry version when a model card lists this file by sha256 (the
/// serving image bakes the card beside the model, see <see cref="ModelCardVersion"/>), else the content hash (first 12
/// hex digits of sha256); either way replacing the file (write temp + rename) is seen by the reload poll as a new
/// version.
/// </summary>
public sealed class FileModelSource(string path) : IModelSource
{
    private readonly string _path = Path.GetFullPath(path);
    private (DateTime Written, long Size, string Version, string Sha256)? _last;
    private readonly Lock _gate = new();

    public string Description => _path;

    public Task<string?> CurrentVersionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<string?>(Identify().Version);

    public Task<ModelArtifact> FetchAsync(CancellationToken cancellationToken)
    {
        var (version, sha256) = Identify();
        return Task.FromResult(new ModelArtifact(version, _path, sha256));
    }

    private (string Version, string Sha256) Identify()
    {
        var info = new FileInfo(_path);
        if (!info.Exists)
            throw new MlopsException("model file not found", _path);
        lock (_gate)
        {
            if (_last is { } last && last.Written == info.LastWriteTimeUtc && last.Size == info.Length)
                return (last.Version, last.Sha256);
        }

        var sha256 = ContentHash.OfFile(_path);
        var version = (ModelCardVersion.CardFor(_path) is { } card ? ModelCardVersion.Read(card, sha256) : null)
            ?? sha256[..12];
        lock (_gate)
            _last = (info.LastWriteTimeUtc, info.Length, version, sha256);
        return (version, sha256);
    }
}
