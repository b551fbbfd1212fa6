namespace Mlops.Deploy.Tests.Fixtures;

/// <summary>
/// podman as root, set up the way this machine needs (see ENVIRONMENT.md): runc, explicit ulimits,
/// the local registry marked insecure, and its own --root/--runroot in a temporary directory.
/// </summary>
public sealed class Podman : IDisposable
{
    private readonly TempDirectory _directory = new("pm", shortName: true);
    private readonly Dictionary<string, string> _environment;

    public Podman(string insecureRegistry)
    {
        var containersConf = _directory.Combine("containers.conf");
        File.WriteAllText(
            containersConf,
            """
            [containers]
            default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
            [engine]
            runtime = "runc"
            """
        );
        var registriesConf = _directory.Combine("registries.conf");
        File.WriteAllText(
            registriesConf,
            $"""
            [[registry]]
            location = "{insecureRegistry}"
            insecure = true
            """
        );
        _environment = new() { ["CONTAINERS_CONF"] = containersConf, ["CONTAINERS_REGISTRIES_CONF"] = registriesConf };
    }

    public ProcessRunner.Result Run(params string[] arguments) =>
        // Its own --tmpdir too: libpod's default /run/libpod is shared by every podman root, and our `system reset` would wipe it.
        ProcessRunner.Run(
            "podman",
            [
                "--root",
                _directory.Combine("root"),
                "--runroot",
                _directory.Combine("runroot"),
                "--tmpdir",
                _directory.Combine("tmp"),
                .. arguments,
            ],
            _environment,
            TimeSpan.FromMinutes(3)
        );

    public string RunOrThrow(params string[] arguments)
    {
        var result = Run(arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(
                $"podman {string.Join(' ', arguments)} failed: {result.Error}{result.Output}"
            );
        return result.Output;
    }

    public void Dispose()
    {
        Run("rm", "--all", "--force", "--time", "0");
        Run("system", "reset", "--force");
        _directory.Dispose();
    }
}
