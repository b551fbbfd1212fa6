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

    public string Parent => $"projects/{Project}/locations/{Region}";

    public string Name => $"{Parent}/services/{Service}";

    /// <summary>A revision name Cloud Run accepts ("{service}-{suffix}"), chosen by us so traffic can name it before it
    /// exists.</summary>
    public string RevisionFor(Image.Digest image) => $"{Service}-{image.Hex[..10]}";

    [GeneratedRegex("^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$")]
    private static partial Regex ServiceIdPattern();
}
