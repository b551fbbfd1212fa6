using System.Diagnostics;
using System.Text.Json;

namespace Mlops.Registry.Tests;

/// <summary>`mlops registry ...` in a separate process: exit codes, --json output, errors without stack traces.</summary>
public sealed class RegistryCliTests : IDisposable
{
    private readonly RegistryFixture _fx = new();

    [Fact]
    public async Task Push_list_promote_gate_history_and_pull_through_the_cli()
    {
        var push1 = await Cli("push", _fx.Run("r1", 0.92), "--model", "fashion", "--json");
        push1.Exit.Should().Be(0, push1.Error);
        JsonDocument.Parse(push1.Output).RootElement.GetProperty("version").GetInt32().Should().Be(1);
        (await Cli("push", _fx.Run("r2", 0.80), "--model", "fashion")).Output.Should().Contain("pushed fashion:2");

        var list = await Cli("list", "fashion", "--json");
        JsonDocument.Parse(list.Output).RootElement.GetArrayLength().Should().Be(2);

        (await Cli("promote", "fashion:1", "--to", "production", "--reason", "first")).Exit.Should().Be(0);
        var refused = await Cli("promote", "fashion:2", "--to", "production");
        refused.Exit.Should().Be(2);
        refused.Error.Should().StartWith("error: ").And.Contain("promotion refused").And.NotContain("   at ");
        (await Cli("promote", "fashion:2", "--to", "production", "--force", "--reason", "smaller model"))
            .Exit.Should()
            .Be(0);
        (await Cli("rollback", "fashion", "--alias", "production", "--reason", "canary"))
            .Output.Should()
            .Contain("2 → 1");

        var history = JsonDocument.Parse((await Cli("history", "fashion", "--json")).Output).RootElement;
        history
            .EnumerateArray()
            .Select(e => e.GetProperty("action").GetString())
            .Should()
            .Equal("promote", "force-promote", "rollback");

        var to = Path.Combine(_fx.Folder.Path, "pulled");
        (await Cli("pull", "fashion@production", "--to", to)).Exit.Should().Be(0);
        File.ReadAllBytes(Path.Combine(to, "model.onnx"))
            .Should()
            .Equal(File.ReadAllBytes(Path.Combine(_fx.Folder.Path, "runs/r1/model.onnx")));

        var diff = JsonDocument.Parse((await Cli("diff", "fashion:1", "fashion:2", "--json")).Output).RootElement;
        diff.GetProperty("rows").EnumerateArray().Should().Contain(r => r.GetProperty("key").GetString() == "accuracy");
    }

    [Fact]
    public async Task Tampered_files_and_bad_names_fail_with_exit_code_2_and_a_message_naming_the_problem()
    {
        (await Cli("push", _fx.Run("r1", 0.9), "--model", "fashion")).Exit.Should().Be(0);
        var stored = Path.Combine(_fx.Bucket, "models/fashion/versions/1/files/config.yaml");
        File.AppendAllText(stored, "injected: true\n");
        var pull = await Cli("pull", "fashion:1", "--to", Path.Combine(_fx.Folder.Path, "out"));
        pull.Exit.Should().Be(2);
        pull.Error.Should().Contain("config.yaml").And.Contain("integrity check failed");

        var badName = await Cli("push", _fx.Run("r2", 0.9), "--model", "../escape");
        badName.Exit.Should().Be(2);
        badName.Error.Should().Contain("invalid model name '../escape'");
        (await Cli("show", "fashion@staging")).Error.Should().Contain("no alias 'staging'");
        (await Cli("gc", "--grace", "soon")).Error.Should().Contain("--grace");
    }

    [Fact]
    public async Task A_model_name_the_registry_does_not_hold_exits_2_naming_the_models_it_holds()
    {
        Directory.CreateDirectory(_fx.Bucket); // a registry that exists and holds nothing
        var empty = await Cli("list", "fashon");
        empty.Exit.Should().Be(2, empty.Output);
        empty
            .Error.Should()
            .Be($"error: fashon: no model named 'fashon' in {new Uri(_fx.Bucket).AbsoluteUri}; the registry is empty");
        empty.Output.Should().BeEmpty("a mistyped name gets no empty table");

        (await Cli("push", _fx.Run("r1", 0.9), "--model", "fashion")).Exit.Should().Be(0);
        (await Cli("push", _fx.Run("r2", 0.9), "--model", "digits")).Exit.Should().Be(0);
        foreach (var command in new[] { "list", "history", "show" })
        {
            var typo = await Cli(command, "fashon");
            typo.Exit.Should().Be(2, command);
            typo.Error.Should()
                .EndWith(
                    "no model named 'fashon' in " + new Uri(_fx.Bucket).AbsoluteUri + "; models: digits, fashion",
                    command
                );
        }
        (await Cli("list", "fashion")).Exit.Should().Be(0);
    }

    [Fact]
    public async Task A_registry_folder_the_user_named_that_does_not_exist_exits_2_for_every_command_but_push_and_is_not_created()
    {
        var missing = Path.Combine(_fx.Folder.Path, "no", "such", "folder");
        string[][] commands =
        [
            ["list"],
            ["list", "fashion"],
            ["show", "fashion:1"],
            ["history", "fashion"],
            ["diff", "fashion:1", "fashion:2"],
            ["pull", "fashion:1", "--to", Path.Combine(_fx.Folder.Path, "pulled")],
            ["promote", "fashion:1", "--to", "production"],
            ["rollback", "fashion", "--alias", "production"],
            ["tag", "fashion:1", "team=vision"],
            ["delete", "fashion:1", "--reason", "typo"],
            ["gc"],
        ];
        foreach (var command in commands)
        {
            var result = await Run(
                NoEnvironmentRegistry,
                ["cli", "registry", .. command, "--registry", "file://" + missing]
            );
            result.Exit.Should().Be(2, string.Join(' ', command));
            result
                .Error.Should()
                .Be(
                    $"error: --registry: registry folder {missing} does not exist (mlops registry push creates one)",
                    string.Join(' ', command)
                );
            result.Output.Should().BeEmpty(string.Join(' ', command));
        }
        var fromEnvironment = await Run(
            info => info.Environment["MLOPS_REGISTRY"] = "file://" + missing,
            "cli",
            "registry",
            "list"
        );
        fromEnvironment.Exit.Should().Be(2);
        fromEnvironment
            .Error.Should()
            .Be($"error: $MLOPS_REGISTRY: registry folder {missing} does not exist (mlops registry push creates one)");
        Directory
            .Exists(Path.Combine(_fx.Folder.Path, "no"))
            .Should()
            .BeFalse("reading a mistyped path must not create it");

        var push = await Run(
            NoEnvironmentRegistry,
            "cli",
            "registry",
            "push",
            _fx.Run("r1", 0.9),
            "--model",
            "fashion",
            "--registry",
            "file://" + missing
        );
        push.Exit.Should().Be(0, push.Error);
        (await Run(NoEnvironmentRegistry, "cli", "registry", "list", "--registry", "file://" + missing))
            .Output.Should()
            .Contain("fashion");
    }

    [Fact]
    public async Task The_default_registry_before_the_first_push_has_no_models_yet_and_reading_it_creates_nothing()
    {
        var work = Directory.CreateDirectory(Path.Combine(_fx.Folder.Path, "work")).FullName;
        var bucketUri = new Uri(Path.Combine(work, ".mlops", "bucket")).AbsoluteUri;
        void InWork(ProcessStartInfo info)
        {
            NoEnvironmentRegistry(info);
            info.WorkingDirectory = work;
        }

        var list = await Run(InWork, "cli", "registry", "list");
        list.Exit.Should().Be(0, list.Error);
        list.Output.Should()
            .Be($"no models in {bucketUri} yet: mlops registry push runs/<name> --model <name> adds one");
        (await Run(InWork, "cli", "registry", "list", "--json")).Output.Should().Be("[]");
        var show = await Run(InWork, "cli", "registry", "show", "fashion:1");
        show.Exit.Should().Be(2);
        show.Error.Should().Be($"error: fashion: no model named 'fashion' in {bucketUri}; the registry is empty");
        Directory.Exists(Path.Combine(work, ".mlops")).Should().BeFalse("a read never creates the registry");
    }

    private static void NoEnvironmentRegistry(ProcessStartInfo info) => info.Environment.Remove("MLOPS_REGISTRY");

    private Task<(int Exit, string Output, string Error)> Cli(params string[] args) =>
        Run(NoEnvironmentRegistry, ["cli", "registry", .. args, "--registry", "file://" + _fx.Bucket]);

    private static async Task<(int Exit, string Output, string Error)> Run(
        Action<ProcessStartInfo> configure,
        params string[] args
    )
    {
        using var process = HelperProcess.Start(configure, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    public void Dispose() => _fx.Dispose();
}
