using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Train.Runs.Store;

/// <summary>
/// How a run is kept in a bucket, where objects are written whole and never appended to:
/// <c>&lt;run&gt;/run.json</c> (the record, replaced by compare-and-swap: the commit point),
/// <c>config.yaml</c> (created once), <c>metrics/e00007.a002.jsonl</c> (epoch 7's lines as written by attempt 2,
/// created once), <c>checkpoints/e00007/last.safetensors|last.json|best.*</c> (created once; the record names which
/// epoch folders hold the last and best checkpoint) and, when the run ends, its other files beside run.json.
/// A reader follows the record: epoch chunks up to the committed epoch, the latest attempt of each, and the checkpoint
/// folders it names, so it never sees a half-written checkpoint or an epoch a crashed attempt did not finish.
/// </summary>
public static partial class BucketRunLayout
{
    public const string MetricsFolder = "metrics";

    public static string Record(string run) => $"{run}/{RunFolder.InfoFile}";

    public static string File(string run, string relative) => $"{run}/{relative}";

    public static string MetricsChunk(string run, int epoch, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{run}/{MetricsFolder}/e{epoch:D5}.a{attempt:D3}.jsonl");

    public static string CheckpointFolder(string run, int epoch) =>
        string.Create(CultureInfo.InvariantCulture, $"{run}/{RunFolder.CheckpointsFolder}/e{epoch:D5}/");

    /// <summary>The epoch and attempt of a metrics chunk's object name; null for any other name.</summary>
    public static (int Epoch, int Attempt)? ParseChunk(string objectName)
    {
        var match = ChunkName().Match(objectName);
        return match.Success
            ? (
                int.Parse(match.Groups["epoch"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["attempt"].Value, CultureInfo.InvariantCulture)
            )
            : null;
    }

    [GeneratedRegex(@"/metrics/e(?<epoch>\d{5})\.a(?<attempt>\d{3})\.jsonl$")]
    private static partial Regex ChunkName();
}
