using System.CommandLine;
using System.Text.Json;
using Mlops.Cli.Commands.Common;
using Mlops.Core.Errors;
using Mlops.Deploy.Build;
using Mlops.Deploy.Image;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Spectre.Console;

namespace Mlops.Cli.Commands.Deploy;

/// <summary>
/// `mlops deploy build --model fashion@staging [--out image.oci.tar] [--push host/repo:tag]`: publishes the
/// server, writes the three layers, and exports or pushes the image; prints the digest to deploy by. With
/// `--training`, the same for the training image job tasks run (the CLI with libtorch, a data folder baked in).
/// </summary>
public static class DeployBuildCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model")
        {
            Description = "Registry reference of the model to bake in (fashion@staging, fashion:3)",
        };
        var modelFile = new Option<string?>("--model-file") { Description = "Or: an .onnx file to bake in" };
        var modelName = new Option<string?>("--model-name")
        {
            Description = "Model name for --model-file (default: the file name)",
        };
        var modelVersion = new Option<string>("--model-version")
        {
            Description = "Version label for --model-file",
            DefaultValueFactory = _ => "dev",
        };
        var artifact = new Option<string?>("--artifact")
        {
            Description = "Which file of the registry version (default: model.int8.onnx, else model.onnx)",
        };
        var store = RegistryStoreOption.Create();
        var output = new Option<string?>("--out")
        {
            Description = "Write the image as an OCI image-layout tarball (image.oci.tar)",
        };
        var push = new Option<string?>("--push")
        {
            Description =
                "Push to <registry>/<repository>[:tag] (127.0.0.1:5000/mlops/fashion:staging, "
                + "europe-docker.pkg.dev/p/r/fashion)",
        };
        var user = new Option<string?>("--registry-user")
        {
            Description = "User for the container registry (Basic or token auth)",
        };
        var password = new Option<string?>("--registry-password")
        {
            Description = "Password or token (default: $MLOPS_REGISTRY_PASSWORD)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MLOPS_REGISTRY_PASSWORD"),
        };
        var google = new Option<bool>("--google-auth")
        {
            Description = "Authenticate with Google credentials (automatic for *-docker.pkg.dev and gcr.io)",
        };
        var insecure = new Option<bool>("--insecure")
        {
            Description = "Speak plain HTTP to the registry (automatic for 127.* and localhost)",
        };
        var mountFrom = new Option<string?>("--mount-from")
        {
            Description = "Repository on the same registry to mount existing layers from",
        };
        var servePublish = new Option<string?>("--serve-publish")
        {
            Description = "Use this linux-x64 publish of src/Serve instead of publishing it now",
        };
        var readyToRun = new Option<bool>("--ready-to-run")
        {
            Description =
                "Precompile every assembly of the server, not only the start path (the default): ~12 MB more image "
                + "for a few ms less",
        };
        var layout = new Option<string?>("--layout")
        {
            Description = "OCI layout folder that caches blobs (default: <repo>/.mlops/images)",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var training = new Option<bool>("--training")
        {
            Description =
                "Build the training image instead: the mlops CLI with libtorch, what sweep and train job tasks run",
        };
        var cliPublish = new Option<string?>("--cli-publish")
        {
            Description = "Training image: use this linux-x64 publish of src/Cli instead of publishing it now",
        };
        var data = new Option<string?>("--data")
        {
            Description =
                "Training image: a data folder baked in at the same path (default: Fashion-MNIST when installed; "
                + "'none' for none)",
        };

        var command = new Command(
            "build",
            "Build the serving image: base, runtime (server + ONNX Runtime) and model layers, deterministic digests"
        );
        foreach (
            var option in new Option[]
            {
                model,
                modelFile,
                modelName,
                modelVersion,
                artifact,
                store,
                output,
                push,
                user,
                password,
                google,
                insecure,
                mountFrom,
                servePublish,
                readyToRun,
                layout,
                json,
                training,
                cliPublish,
                data,
            }
        )
            command.Options.Add(option);
        command.SetAction(
            async (parse, cancel) =>
            {
                try
                {
                    var modelGiven = parse.GetValue(model) is not null || parse.GetValue(modelFile) is not null;
                    if (parse.GetValue(training) && modelGiven)
                        throw new MlopsException("the training image carries no model: drop --model", "--training");
                    if (!parse.GetValue(training) && parse.GetValue(model) is null == parse.GetValue(modelFile) is null)
                        throw new MlopsException(
                            "give exactly one of --model <registry reference> or --model-file <file.onnx>",
                            "--model"
                        );
                    if (parse.GetValue(output) is null && parse.GetValue(push) is null)
                        throw new MlopsException(
                            "say where the image goes: --out image.oci.tar and/or --push <registry>/<repository>[:tag]",
                            "--out"
                        );
                    var target = parse.GetValue(push) is { } pushTo
                        ? ImageReference.Parse(pushTo, parse.GetValue(insecure) ? true : null)
                        : null;
                    var quiet = parse.GetValue(json);
                    if (parse.GetValue(training))
                    {
                        var trainingImage = await DeployProgress.StepsAsync(quiet, "build training image", step =>
                            Task.Run(
                                () =>
                                    TrainingImageBuild.Run(
                                        new TrainingImageRequest(
                                            CliPublish: parse.GetValue(cliPublish),
                                            DatasetFolder: TrainingData(parse.GetValue(data)),
                                            Layout: parse.GetValue(layout),
                                            Archive: parse.GetValue(output),
                                            ArchiveTag: target?.Tag
                                        ),
                                        step
                                    ),
                                cancel
                            )
                        );
                        return await PushAndReportAsync(trainingImage.Image, quiet);
                    }

                    ImageModel source = parse.GetValue(model) is { } reference
                        ? new RegistryImageModel(
                            reference,
                            RegistryStoreOption.Resolve(parse, store),
                            parse.GetValue(artifact)
                        )
                        : new FileImageModel(
                            parse.GetValue(modelFile)!,
                            parse.GetValue(modelName),
                            parse.GetValue(modelVersion)!
                        );
                    var request = new ServingImageRequest(
                        source,
                        parse.GetValue(servePublish),
                        parse.GetValue(readyToRun),
                        parse.GetValue(layout),
                        parse.GetValue(output),
                        target?.Tag
                    );
                    var built = await DeployProgress.StepsAsync(quiet, "build image", step =>
                        ServingImageBuild.RunAsync(request, step, cancel)
                    );
                    return await PushAndReportAsync(
                        built.Image,
                        quiet,
                        source is RegistryImageModel registryModel ? (registryModel.StoreUri, built.Metadata) : null
                    );

                    // A registry version's image, once pushed, is recorded on the version (its "image" tag).
                    async Task<int> PushAndReportAsync(
                        BuiltImage image,
                        bool quiet,
                        (string Store, ImageMetadata Version)? recordOn = null
                    )
                    {
                        PushResult? pushed = null;
                        if (target is not null)
                        {
                            var credentials = PushCredentials.For(
                                target,
                                parse.GetValue(user),
                                parse.GetValue(password),
                                parse.GetValue(google)
                            );
                            var pusher = new ImagePusher(new RegistryClient(target, credentials));
                            pushed = await DeployProgress.BytesAsync(
                                quiet,
                                $"push {target}",
                                image.CompressedSize,
                                progress => pusher.PushAsync(image, parse.GetValue(mountFrom), progress, cancel)
                            );
                            if (recordOn is var (storeUri, version))
                            {
                                using var registry = new ModelRegistry(BlobStoreFactory.Open(storeUri));
                                await VersionImages.RecordAsync(
                                    registry,
                                    version.ModelName,
                                    version.ModelVersion,
                                    pushed.ImageByDigest,
                                    cancel
                                );
                            }
                        }
                        Report(image, parse.GetValue(output), pushed, quiet);
                        return 0;
                    }
                }
                catch (Exception error)
                {
                    return ErrorReporter.Report(error);
                }
            }
        );
        return command;
    }

    /// <summary>--data: a folder, "none", or by default Fashion-MNIST where Debian installs it (when it does).
    /// </summary>
    private static string? TrainingData(string? given) =>
        given switch
        {
            "none" => null,
            null => Directory.Exists(TrainingImageRequest.FashionMnist) ? TrainingImageRequest.FashionMnist : null,
            _ when Directory.Exists(given) => Path.GetFullPath(given).TrimEnd('/'),
            _ => throw new MlopsException($"{given} is not a folder", "--data"),
        };

    private static void Report(BuiltImage image, string? archive, PushResult? pushed, bool asJson)
    {
        if (asJson)
        {
            Console.WriteLine(
                JsonSerializer.Serialize(
                    new
                    {
                        manifest = image.Manifest.Digest.ToString(),
                        compressedBytes = image.CompressedSize,
                        layers = image.Layers.Select(l => new
                        {
                            digest = l.Blob.Digest.ToString(),
                            bytes = l.Blob.Size,
                            createdBy = l.CreatedBy,
                        }),
                        archive,
                        pushed = pushed is null
                            ? null
                            : new
                            {
                                image = pushed.ImageByDigest,
                                bytesUploaded = pushed.BytesUploaded,
                                pushed.BlobsUploaded,
                                pushed.BlobsSkipped,
                                pushed.BlobsMounted,
                            },
                    }
                )
            );
            return;
        }
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumn("layer")
            .AddColumn("digest")
            .AddColumn(new TableColumn("gzip bytes").RightAligned());
        foreach (var layer in image.Layers)
            table.AddRow(
                Markup.Escape(layer.CreatedBy.Split(':').Last().Trim().Split(' ')[0]),
                layer.Blob.Digest.Short,
                $"{layer.Blob.Size:N0}"
            );
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(
            $"image [bold]{image.Manifest.Digest}[/] ({image.CompressedSize / 1048576.0:F1} MB compressed)"
        );
        if (archive is not null)
            AnsiConsole.MarkupLine($"written to {Markup.Escape(archive)}");
        if (pushed is not null)
            AnsiConsole.MarkupLine(
                $"pushed [bold]{Markup.Escape(pushed.ImageByDigest)}[/]: {pushed.BytesUploaded:N0} bytes uploaded "
                    + $"({pushed.BlobsUploaded} blobs sent, {pushed.BlobsSkipped} already there, "
                    + $"{pushed.BlobsMounted} mounted)"
            );
    }
}
