namespace Mlops.Serve.Models;

/// <summary>Where a served model comes from: a file, or a registry reference that may move.</summary>
public interface IModelSource
{
    /// <summary>What the user gave: a path or "fashion@production".</summary>
    string Description { get; }

    /// <summary>The version the source points at now (cheap: used by the reload poll). Null when it cannot
    /// tell.</summary>
    Task<string?> CurrentVersionAsync(CancellationToken cancellationToken);

    /// <summary>Makes the current version available as a local .onnx file.</summary>
    Task<ModelArtifact> FetchAsync(CancellationToken cancellationToken);
}

/// <summary>A model version on local disk, ready to load.</summary>
/// <param name="Sha256">The file's sha256 when the source already knows it (a card, a hash it computed); the loader
/// computes it otherwise.</param>
public sealed record ModelArtifact(string Version, string OnnxPath, string? Sha256 = null);
