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
        (await Cli("promote", "fashion:2", "--to", "production", "--force", "--reason", "smaller model")).Exit.Should().Be(0);
        (await Cli("rollback", "fashion", "--alias", "production", "--reason", "canary")).Output.Should().Contain("2 → 1");

        var history = JsonDocument.Parse((await Cli("history", "fashion", "--json")).Output).RootElement;
        history.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Equal("promote", "force-promote", "rollback");

        var to = Path.Combine(_fx.Folder.Path, "pulled");
        (await Cli("pull", "fashion@production", "--to", to)).Exit.Should().Be(0);
        File.ReadAllBytes(Path.Combine(to, "model.onnx")).Should().Equal(File.ReadAllBytes(Path.Combine(_fx.Folder.Path, "runs/r1/model.onnx")));

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
        var empty = await Cli("list", "fashon");
        empty.Exit.Should().Be(2, empty.Output);
        empty.Error.Should().Be($"error: fashon: no model named 'fashon' in {new Uri(_fx.Bucket).AbsoluteUri}; the registry is empty");
        empty.Output.Should().BeEmpty("a mistyped name gets no empty table");

        (await Cli("push", _fx.Run("r1", 0.9), "--model", "fashion")).Exit.Should().Be(0);
        (await Cli("push", _fx.Run("r2", 0.9), "--model", "digits")).Exit.Should().Be(0);
        foreach (var command in new[] { "list", "history", "show" })
        {
            var typo = await Cli(command, "fashon");
            typo.Exit.Should().Be(2, command);
            typo.Error.Should().EndWith("no model named 'fashon' in " + new Uri(_fx.Bucket).AbsoluteUri + "; models: digits, fashion", command);
        }
        (await Cli("list", "fashion")).Exit.Should().Be(0);
    }

    private async Task<(int Exit, string Output, string Error)> Cli(params string[] args)
    {
        using var process = HelperProcess.Start(["cli", "registry", .. args, "--registry", "file://" + _fx.Bucket]);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    public void Dispose() => _fx.Dispose();
}
