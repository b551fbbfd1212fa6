using System.Text.Json;
using System.Text.RegularExpressions;
using Mlops.Core.Errors;
using Mlops.Core.IO;

namespace Mlops.Deploy.Local;

/// <summary>
/// The machine's record of local deployments: one JSON file per deployment in a state folder
/// ($MLOPS_STATE_HOME, else $XDG_STATE_HOME/mlops, else ~/.local/state/mlops; then deployments/), written atomically.
/// </summary>
public sealed partial class LocalDeploymentStore(string folder)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The state folder's deployments/ for this user.</summary>
    public static string DefaultFolder()
    {
        var state = UserFolders.State();
        return Path.Combine(state, "deployments");
    }

    /// <summary>
    /// The name a server for <paramref name="model"/> on <paramref name="port"/> gets:
    /// mlops-&lt;model&gt;-&lt;port&gt;,
    /// lower-cased, other characters as '-', and a long model name cut with a hash of the whole so it stays unique.
    /// </summary>
    public static string NameFor(string model, int port)
    {
        var cleaned = InvalidCharacters().Replace(model.ToLowerInvariant(), "-");
        var suffix = "-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var room = MaxNameLength - "mlops-".Length - suffix.Length;
        if (cleaned.Length > room)
            cleaned = cleaned[..(room - 9)] + "-" + Core.Hashing.ContentHash.OfString(model)[..8];
        return $"mlops-{cleaned}{suffix}";
    }

    private const int MaxNameLength = 63;

    /// <summary>Refuses names that podman (and a file name) would not take.</summary>
    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
            throw new MlopsException(
                $"'{name}' is not a deployment name: use lower-case letters, digits, '.', '_' and '-' "
                    + "(starting with a letter or digit, at most 63)",
                "deployment name"
            );
    }

    public void Save(LocalDeployment deployment)
    {
        CheckName(deployment.Name);
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllText(PathOf(deployment.Name), JsonSerializer.Serialize(deployment, Json) + "\n");
    }

    /// <summary>The deployment of that name, or null when none is recorded.</summary>
    public LocalDeployment? Find(string name)
    {
        CheckName(name);
        var path = PathOf(name);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>Every record, by name; a file that is not a record is listed in <c>Unreadable</c>, not
    /// thrown.</summary>
    public (IReadOnlyList<LocalDeployment> Deployments, IReadOnlyList<string> Unreadable) List()
    {
        if (!Directory.Exists(Folder))
            return ([], []);
        var deployments = new List<LocalDeployment>();
        var unreadable = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                deployments.Add(Read(path));
            }
            catch (MlopsException)
            {
                unreadable.Add(path);
            }
        }
        return (deployments, unreadable);
    }

    public void Remove(string name) => File.Delete(PathOf(name));

    private string PathOf(string name) => Path.Combine(Folder, name + ".json");

    private static LocalDeployment Read(string path)
    {
        try
        {
            var deployment = JsonSerializer.Deserialize<LocalDeployment>(File.ReadAllText(path), Json);
            if (deployment is null || deployment.Name + ".json" != Path.GetFileName(path))
                throw new JsonException("its name does not match the file's");
            return deployment;
        }
        catch (JsonException e)
        {
            throw new MlopsException($"not a deployment record ({e.Message}); delete it if nothing runs", path);
        }
        catch (IOException e)
        {
            // removed by a stop running at the same time, or unreadable
            throw new MlopsException($"cannot read the deployment record ({e.Message})", path);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("[^a-z0-9_.-]")]
    private static partial Regex InvalidCharacters();
}
