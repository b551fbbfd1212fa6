using Mlops.Core.Errors;

namespace Mlops.Cli.Jobs;

/// <summary>The training image a local-jobs sweep runs when no --image is given.</summary>
public static class TrainingImage
{
    public static string BuildForLocalJobs() =>
        throw new MlopsException("building the training image is not wired yet: give --image <archive>", "--image");
}
