using System.Text;
using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Train.Sweeps.Jobs;

/// <summary>A sweep job's description in the run store's bucket: <c>.sweeps/&lt;id&gt;/job.json</c>, created
/// once.</summary>
public static class SweepJobFiles
{
    public const string Folder = ".sweeps";

    public static string JobObject(string id) => $"{Folder}/{id}/job.json";

    /// <summary>Writes the job; a second sweep started in the same second gets -2, -3… as runs do.</summary>
    public static SweepJob Create(IBlobStore bucket, SweepJob job)
    {
        for (var attempt = 1; ; attempt++)
        {
            var candidate = attempt == 1 ? job : Renamed(job, $"{job.Id}-{attempt}");
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(candidate, ArtifactJson.Indented) + "\n");
            try
            {
                bucket
                    .PutBytesAsync(JobObject(candidate.Id), bytes, WriteCondition.DoesNotExist)
                    .GetAwaiter()
                    .GetResult();
                return candidate;
            }
            catch (PreconditionFailedException) { }
        }
    }

    /// <summary>Asked for by `mlops sweep cancel`; the process following the execution stops its tasks when it sees
    /// it, whichever engine runs them.</summary>
    public static string CancelObject(string id) => $"{Folder}/{id}/cancel.json";

    public static void RequestCancel(IBlobStore bucket, string id) =>
        bucket
            .PutBytesAsync(
                CancelObject(id),
                Encoding.UTF8.GetBytes(
                    JsonSerializer.Serialize(
                        new { RequestedUtc = DateTimeOffset.UtcNow, By = Environment.UserName },
                        ArtifactJson.Indented
                    )
                ),
                WriteCondition.None
            )
            .GetAwaiter()
            .GetResult();

    public static bool CancelRequested(IBlobStore bucket, string id) =>
        bucket.StatAsync(CancelObject(id)).GetAwaiter().GetResult() is not null;

    public static SweepJob Read(IBlobStore bucket, string id)
    {
        var name = JobObject(id);
        byte[] bytes;
        try
        {
            bytes = bucket.ReadAllBytesAsync(name).GetAwaiter().GetResult();
        }
        catch (BlobNotFoundException)
        {
            throw new MlopsException($"no sweep job '{id}' in the run store", bucket.Uri);
        }
        try
        {
            return JsonSerializer.Deserialize<SweepJob>(bytes, ArtifactJson.Options)
                ?? throw new MlopsException("empty sweep job", $"{bucket.Uri}/{name}");
        }
        catch (JsonException error)
        {
            throw new MlopsException($"unreadable sweep job: {error.Message}", $"{bucket.Uri}/{name}", error);
        }
    }

    private static SweepJob Renamed(SweepJob job, string id) =>
        job with
        {
            Id = id,
            Trials = job.Trials.Select(trial => trial with { Run = id + trial.Run[job.Id.Length..] }).ToList(),
        };
}
