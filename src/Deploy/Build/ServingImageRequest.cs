namespace Mlops.Deploy.Build;

/// <summary>Which model an image carries: a registry version, or a plain ONNX file.</summary>
public abstract record ImageModel;

/// <param name="Reference">fashion@staging, fashion:3.</param>
/// <param name="StoreUri">The registry's bucket (file://, gs://).</param>
/// <param name="Artifact">Which file of the version; null = the file the server would serve (ServingFile).</param>
public sealed record RegistryImageModel(string Reference, string StoreUri, string? Artifact = null) : ImageModel;

/// <param name="Name">Model name the server uses (default: the file name).</param>
/// <param name="Version">Version label (there is no registry version).</param>
public sealed record FileImageModel(string Path, string? Name, string Version) : ImageModel;

/// <summary>Everything `mlops deploy build` and the pipeline's image stage decide before an image is built.</summary>
/// <param name="ServePublish">A linux-x64 publish of src/Serve to use; null = publish the repository's now.</param>
/// <param name="ReadyToRun">Precompile every server assembly, not only the start path.</param>
/// <param name="Layout">OCI layout folder caching blobs; null = &lt;repo&gt;/.mlops/images.</param>
/// <param name="Archive">Write the image here as an OCI tarball; null = do not.</param>
/// <param name="ArchiveTag">The tarball's ref name; null = &lt;model&gt;-&lt;version&gt;.</param>
public sealed record ServingImageRequest(
    ImageModel Model,
    string? ServePublish = null,
    bool ReadyToRun = false,
    string? Layout = null,
    string? Archive = null,
    string? ArchiveTag = null
);
