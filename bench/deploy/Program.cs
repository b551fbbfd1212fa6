// Builds one serving image with src/Deploy and pushes it; prints one JSON line for run.sh.
// Usage: Mlops.Bench.Deploy <serve-publish-dir> <layout-dir> <model.onnx> <name> <version> <registry/repo:tag>
//   (libonnxruntime.so comes from the publish: the Microsoft.ML.OnnxRuntime package puts it there)
//        Mlops.Bench.Deploy publish <repository-root> <output-dir> <artifacts-dir>   (the image's publish of src/Serve)
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mlops.Deploy.Image;
using Mlops.Deploy.Push;

if (args is ["publish", var repositoryRoot, var outputDirectory, var artifactsDirectory])
{
    ServePublisher.Publish(repositoryRoot, outputDirectory, artifactsDirectory);
    return 0;
}
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: Mlops.Bench.Deploy <serve-publish> <layout> <model.onnx> <name> <version> <registry/repo:tag>");
    return 2;
}
var (publish, layout, model, name, version, target) = (args[0], args[1], args[2], args[3], args[4], args[5]);
var card = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { model = name, version }));
var clock = Stopwatch.StartNew();
var image = ImageBuilder.Build(new BlobStore(layout), new ImageRequest(publish, model, card, new ImageMetadata(name, version)));
var buildMs = clock.ElapsedMilliseconds;
clock.Restart();
var reference = ImageReference.Parse(target);
var pushed = await new ImagePusher(new RegistryClient(reference, new AnonymousCredentials())).PushAsync(image);
Console.WriteLine(JsonSerializer.Serialize(new
{
    image = pushed.ImageByDigest,
    compressedBytes = image.CompressedSize,
    layers = image.Layers.Select(l => new { name = l.CreatedBy.Split(':')[1].Trim().Split(' ')[0], bytes = l.Blob.Size }),
    bytesUploaded = pushed.BytesUploaded,
    buildMs,
    pushMs = clock.ElapsedMilliseconds,
}));
return 0;
