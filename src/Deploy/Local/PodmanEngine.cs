using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Local;

/// <summary>
/// podman set up the way it works on a root Debian host without a container daemon: runc with explicit ulimits
/// (crun fails on hybrid cgroups; podman's default ulimits fail .NET) and its own --root/--runroot (a storage.conf
/// makes every command wait ~20 s). Images come in as OCI archives (no registry needed), and run detached.
/// </summary>
public sealed class PodmanEngine
{
    private readonly string _root;
    private readonly string _runRoot;
    private readonly Dictionary<string, string> _environment;

    /// <param name="stateFolder">Image storage and config files live here; the run root goes to a short path in /tmp
    /// (podman refuses long ones).</param>
    public PodmanEngine(string stateFolder)
    {
        stateFolder = Path.GetFullPath(stateFolder);
        Directory.CreateDirectory(stateFolder);
        _root = Path.Combine(stateFolder, "root");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateFolder)))[..10];
        _runRoot = Path.Combine(Path.GetTempPath(), $"mlops-pm-{key}");
        var containersConf = Path.Combine(stateFolder, "containers.conf");
        // Written only when it differs: an engine is made for every `deploy list` row, and reading must not write.
        if (!File.Exists(containersConf) || File.ReadAllText(containersConf) != ContainersConf)
            File.WriteAllText(containersConf, ContainersConf);
        _environment = new(StringComparer.Ordinal) { ["CONTAINERS_CONF"] = containersConf };
    }

    private const string ContainersConf = """
        [containers]
        default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
        [engine]
        runtime = "runc"
        """;

    /// <summary>podman's --root (image and container storage).</summary>
    public string Root => _root;

    /// <summary>podman's --runroot (short, in /tmp).</summary>
    public string RunRoot => _runRoot;

    /// <summary>Whether podman and runc are installed (podman is used only when both are).</summary>
    public static bool IsAvailable() => OnPath("podman") && OnPath("runc");

    /// <summary>
    /// --root, --runroot and --tmpdir: libpod's state (its "alive" marker, exit files) otherwise lives in /run/libpod,
    /// shared
    /// with every other podman root on the machine, and a `podman system reset` elsewhere makes this one "refresh" and
    /// lose
    /// track of its running containers.
    /// </summary>
    public IReadOnlyList<string> GlobalArguments =>
        ["--root", _root, "--runroot", _runRoot, "--tmpdir", Path.Combine(_runRoot, "libpod")];

    /// <summary>The command a user types to manage what this engine started (same root, state and config).</summary>
    public string CommandPrefix =>
        $"CONTAINERS_CONF={_environment["CONTAINERS_CONF"]} podman {string.Join(' ', GlobalArguments)}";

    /// <summary>Loads an OCI archive into podman's storage; the image is then known by its config digest (its image
    /// id).</summary>
    public void Load(string archive) => RunOrThrow(["load", "--quiet", "--input", archive], TimeSpan.FromMinutes(5));

    /// <summary>Starts the image detached, publishing <paramref name="hostPort"/> on loopback to the container's PORT;
    /// returns the container id.</summary>
    public string Run(
        string imageId,
        string name,
        int hostPort,
        int containerPort,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        Remove(name);
        List<string> arguments =
        [
            "run",
            "--detach",
            "--name",
            name,
            "--publish",
            $"127.0.0.1:{hostPort}:{containerPort}",
            "--env",
            $"PORT={containerPort}",
        ];
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            arguments.AddRange(["--env", $"{key}={value}"]);
        arguments.Add(imageId);
        return RunOrThrow(arguments, TimeSpan.FromMinutes(2)).Trim();
    }

    /// <summary>
    /// Starts a batch task detached on the host's network (it reaches what the machine reaches, as a job task reaches
    /// the internet), with <paramref name="arguments"/> after the image's entrypoint; returns the container id.
    /// </summary>
    public string RunTask(
        string imageId,
        string name,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string> arguments
    )
    {
        Remove(name);
        List<string> command = ["run", "--detach", "--name", name, "--network", "host"];
        foreach (var (key, value) in environment)
            command.AddRange(["--env", $"{key}={value}"]);
        command.Add(imageId);
        command.AddRange(arguments);
        return RunOrThrow(command, TimeSpan.FromMinutes(2)).Trim();
    }

    /// <summary>Waits for a container to exit and returns its exit code; null when <paramref name="timeout"/> passed
    /// first.</summary>
    public int? Wait(string container, TimeSpan timeout)
    {
        try
        {
            var result = Execute(["wait", container], timeout);
            return result.ExitCode == 0 && int.TryParse(result.Output.Trim(), out var code) ? code : null;
        }
        catch (MlopsException) when (timeout < TimeSpan.MaxValue)
        {
            return null; // the wait timed out
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>, as Cloud Run stops a task.</summary>
    public void Stop(string container, TimeSpan grace) =>
        Execute(
            ["stop", "--time", ((int)grace.TotalSeconds).ToString(CultureInfo.InvariantCulture), container],
            grace + TimeSpan.FromSeconds(30)
        );

    public bool IsRunning(string container)
    {
        var result = Execute(["inspect", "--format", "{{.State.Running}}", container], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 && result.Output.Trim() == "true";
    }

    /// <summary>Stops and removes a container (by id or name); nothing happens when it does not exist.</summary>
    public void Remove(string container) =>
        Execute(["rm", "--force", "--time", "2", container], TimeSpan.FromMinutes(1));

    public string Logs(string container, int lines = 15)
    {
        var result = Execute(
            ["logs", "--tail", lines.ToString(System.Globalization.CultureInfo.InvariantCulture), container],
            TimeSpan.FromSeconds(30)
        );
        return (result.Output + result.Error).TrimEnd();
    }

    private string RunOrThrow(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var result = Execute(arguments, timeout);
        if (result.ExitCode != 0)
            throw new MlopsException(
                $"podman {arguments[0]} failed ({result.ExitCode}): {(result.Error + result.Output).Trim()}",
                $"podman {string.Join(' ', arguments)}"
            );
        return result.Output;
    }

    private (int ExitCode, string Output, string Error) Execute(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("podman")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in GlobalArguments.Concat(arguments))
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new MlopsException("could not start podman", "podman");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new MlopsException(
                $"podman {arguments[0]} did not finish within {timeout.TotalSeconds:F0} s",
                $"podman {string.Join(' ', arguments)}"
            );
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(folder => File.Exists(Path.Combine(folder, program)));
}
