using System.Globalization;
using Mlops.Core.Errors;

namespace Mlops.Serve;

/// <summary>The serving image's small command line (the full one is `mlops serve`).</summary>
public static class ServeArguments
{
    /// <summary>Host settings in the --key=value form (--environment=..., --urls=...) are left in <paramref
    /// name="hostArgs"/> for ASP.NET Core.</summary>
    public static ServeOptions Parse(string[] args, out int? port, out string[] hostArgs)
    {
        var host = new List<string>();
        var models = new List<string>();
        string? registry = null,
            drift = null,
            driftReference = null,
            upload = null;
        var noDownload = new List<string>();
        port = int.TryParse(
            Environment.GetEnvironmentVariable("PORT"),
            NumberStyles.Integer,
            CultureInfo.InvariantCulture,
            out var envPort
        )
            ? envPort
            : null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() =>
                i + 1 < args.Length ? args[++i] : throw new MlopsException($"{args[i]} needs a value", "command line");
            switch (args[i])
            {
                case "--model":
                    models.Add(Value());
                    break;
                case "--registry":
                    registry = Value();
                    break;
                case "--drift-log":
                    drift = Value();
                    break;
                case "--no-download":
                    noDownload.Add(Value());
                    break;
                case "--drift-reference":
                    driftReference = Value();
                    break;
                case "--drift-upload":
                    upload = Value();
                    break;
                case "--port":
                    var text = Value();
                    port =
                        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)
                        && p is > 0 and < 65536
                            ? p
                            : throw new MlopsException($"--port must be 1..65535, got '{text}'", "command line");
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('='):
                    host.Add(setting);
                    break;
                default:
                    throw new MlopsException(
                        $"unknown argument '{args[i]}' (use --model, --registry, --port, --drift-log, --drift-upload, "
                            + "--drift-reference, --no-download)",
                        "command line"
                    );
            }
        }

        hostArgs = [.. host];
        if (models.Count == 0 && Environment.GetEnvironmentVariable("MLOPS_MODELS") is { Length: > 0 } fromEnv)
            models.AddRange(fromEnv.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new ServeOptions
        {
            Models = models,
            Registry = registry,
            DriftLogFolder = drift,
            DriftUpload = upload,
            DriftReference = driftReference,
            NoDownload = noDownload,
        };
    }
}
