using System.CommandLine;
using Mlops.Cli.Commands.Common;
using Mlops.Registry.Models;
using Spectre.Console;

namespace Mlops.Cli.Commands.Registry;

/// <summary>`mlops registry push runs/&lt;name&gt; --model fashion`: registers a new immutable version.</summary>
public static class RegistryPushCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "A run folder (config.yaml, evaluation.json, model.onnx, model.int8.onnx...) and/or files",
            Arity = ArgumentArity.OneOrMore,
        };
        var model = new Option<string>("--model") { Description = "Model name", Required = true };
        var parent = new Option<int?>("--parent") { Description = "Version this one was derived from (lineage)" };
        var gitCommit = new Option<string?>("--git-commit")
        {
            Description = "Git commit of the code (default: from the run's reports)",
        };
        var fingerprint = new Option<string?>("--data-fingerprint")
        {
            Description = "Data set fingerprint (default: from the run's reports)",
        };
        var description = new Option<string?>("--description") { Description = "Free text kept in the model card" };
        var command = new Command("push", "Register a run folder or files as the next version of a model")
        {
            paths,
            model,
            parent,
            gitCommit,
            fingerprint,
            description,
        };
        command.SetRegistryAction(
            async (parse, registry, cancellationToken) =>
            {
                var request = RunFolderReader.Read(
                    parse.GetValue(model)!,
                    parse.GetValue(paths)!,
                    new Lineage
                    {
                        GitCommit = parse.GetValue(gitCommit),
                        DataFingerprint = parse.GetValue(fingerprint),
                        ParentVersion = parse.GetValue(parent),
                    },
                    parse.GetValue(description)
                );
                var total = request.Files.Sum(f => new FileInfo(f.SourcePath).Length);
                var card = await RegistryTransferProgress.RunAsync(
                    $"push {request.Model}",
                    total,
                    RegistryCli.Json(parse),
                    progress => registry.PushAsync(request, progress, cancellationToken)
                );
                if (RegistryCli.Json(parse))
                    RegistryCli.PrintJson(card);
                else
                    AnsiConsole.MarkupLine(
                        $"pushed [bold]{CliTable.Escape(card.Model)}:{card.Version}[/] ({card.Files.Count} files, "
                            + $"{total:N0} bytes) to {CliTable.Escape(registry.Store.Uri)}"
                    );
                return 0;
            },
            createsRegistry: true
        );
        return command;
    }
}
