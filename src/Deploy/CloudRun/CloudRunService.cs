using System.Text.RegularExpressions;
using Mlops.Core.Errors;

namespace Mlops.Deploy.CloudRun;

/// <summary>A Cloud Run service's full name: projects/{project}/locations/{region}/services/{service}.</summary>
public sealed partial record CloudRunService(string Project, string Region, string Service)
{
    public static CloudRunService Create(string project, string region, string service)
    {
        if (!ServiceIdPattern().IsMatch(service))
            throw new MlopsException(
                $"'{service}' is not a Cloud Run service name (lowercase letters, digits and hyphens, starting with "
                    + $"a letter, at most 49)",
                "--service"
            );
        if (string.IsNullOrWhiteSpace(project))
            throw new MlopsException("no Google Cloud project given", "--project");
        if (string.IsNullOrWhiteSpace(region))
            throw new MlopsException("no Cloud Run region given", "--region");
        return new CloudRunService(project, region, service);
    }

    /// <summary>A full name, projects/{project}/locations/{region}/services/{service}, as the console and the API
    /// write it.</summary>
    public static CloudRunService Parse(string name, string where)
    {
        var parts = name.Split('/');
        if (parts is not ["projects", var project, "locations", var region, "services", var id])
            throw new MlopsException(
                $"'{name}' is not projects/<project>/locations/<region>/services/<service>",
                where
            );
        try
        {
            return Create(project, region, id);
        }
        catch (MlopsException error)
        {
            throw new MlopsException(error.Message, where);
        }
    }

    public string Parent => $"projects/{Project}/locations/{Region}";

    public string Name => $"{Parent}/services/{Service}";

    /// <summary>A revision name Cloud Run accepts ("{service}-{suffix}"), chosen by us so traffic can name it before it
    /// exists.</summary>
    public string RevisionFor(Image.Digest image) => $"{Service}-{image.Hex[..10]}";

    [GeneratedRegex("^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$")]
    private static partial Regex ServiceIdPattern();
}
