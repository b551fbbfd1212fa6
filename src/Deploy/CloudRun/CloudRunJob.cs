using System.Text.RegularExpressions;
using Mlops.Core.Errors;

namespace Mlops.Deploy.CloudRun;

/// <summary>A Cloud Run job's full name: projects/{project}/locations/{region}/jobs/{job}.</summary>
public sealed partial record CloudRunJob(string Project, string Region, string Job)
{
    /// <summary>The job, its names checked before any request (a wrong region or name is refused here, not by a
    /// 400 after the image was pushed).</summary>
    public static CloudRunJob Create(string? project, string? region, string job)
    {
        if (string.IsNullOrWhiteSpace(project))
            throw new MlopsException("no Google Cloud project given", "--project");
        if (string.IsNullOrWhiteSpace(region) || !RegionPattern().IsMatch(region))
            throw new MlopsException(
                $"'{region}' is not a Cloud Run region (e.g. europe-west1, us-central1)",
                "--region"
            );
        if (!JobIdPattern().IsMatch(job))
            throw new MlopsException(
                $"'{job}' is not a Cloud Run job name (lowercase letters, digits and hyphens, starting with a letter, "
                    + "at most 63)",
                "--job"
            );
        return new CloudRunJob(project, region, job);
    }

    public string Parent => $"projects/{Project}/locations/{Region}";

    public string Name => $"{Parent}/jobs/{Job}";

    [GeneratedRegex("^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[a-z]+-[a-z]+[0-9]+$")]
    private static partial Regex RegionPattern();
}
