using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Registry.Stores.Local;

namespace Mlops.Registry.Tests;

/// <summary>A run folder as the trainer and exporter leave it, and a registry in a temporary local bucket.</summary>
public sealed class RegistryFixture : IDisposable
{
    public TestFolder Folder { get; } = new();

    public string Bucket => Path.Combine(Folder.Path, "bucket");

    public ModelRegistry Open(string actor = "tester", Uri? webhook = null) =>
        new(
            new LocalBlobStore(Bucket),
            new RegistryOptions
            {
                Actor = actor,
                Webhook = webhook,
                Warn = Warnings.Add,
            }
        );

    public List<string> Warnings { get; } = [];

    public string Run(string name, double accuracy, string lr = "0.1", int onnxBytes = 4096)
    {
        var run = Path.Combine(Folder.Path, "runs", name);
        Folder.File($"runs/{name}/config.yaml", $"model:\n  depth: 18\noptim:\n  lr: {lr}\n  betas: [0.9, 0.999]\n");
        Folder.File(
            $"runs/{name}/evaluation.json",
            $$"""{"accuracy": {{accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "metrics": {"loss": 0.3}, "per_class": [0.9, 0.8], "git_commit": "abc123", "data_fingerprint": "sha256:feed"}"""
        );
        Folder.File(
            $"runs/{name}/model.onnx",
            Enumerable.Range(0, onnxBytes).Select(i => (byte)(i * 7 + name.Length)).ToArray()
        );
        Folder.File($"runs/{name}/checkpoint.safetensors", new byte[64]);
        return run;
    }

    public Task<ModelCard> PushRunAsync(ModelRegistry registry, string model, string run) =>
        registry.PushAsync(RunFolderReader.Read(model, [run], new Lineage()));

    public void Dispose() => Folder.Dispose();
}
