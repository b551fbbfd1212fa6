namespace Mlops.Train.Tests.Config;

/// <summary>Finds the repository's configs/ folder from the test binaries' location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configs => Path.Combine(Root, "configs");

    public static string Config(string name) => Path.Combine(Configs, name);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (
                File.Exists(Path.Combine(folder.FullName, "Mlops.sln"))
                && Directory.Exists(Path.Combine(folder.FullName, "configs"))
            )
                return folder.FullName;
        throw new InvalidOperationException(
            "repository root (Mlops.sln + configs/) not found above " + AppContext.BaseDirectory
        );
    }
}
