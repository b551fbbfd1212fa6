using System.Text.Json;
using Mlops.Core.Artifacts;
using Mlops.Core.Errors;
using Mlops.Data.Images;

namespace Mlops.Serve.Drift;

/// <summary>Reads drift records from JSONL files or folders of them; errors name the file and line.</summary>
public static class DriftFiles
{
    public static List<DriftRecord> Read(string path)
    {
        var files = Directory.Exists(path)
            ? File.Exists(Path.Combine(path, ArtifactNames.DriftReference))
                ? [Path.Combine(path, ArtifactNames.DriftReference)]
                : DriftLog.Files(path)
            : File.Exists(path)
                ? [path]
                : throw new MlopsException("no such drift log file or folder", path);
        if (files.Count == 0)
            throw new MlopsException($"no {ArtifactNames.DriftReference} or drift*.jsonl files in this folder", path);
        return files.SelectMany(file => DriftRecordJson.FromLines(File.ReadLines(file), file)).ToList();
    }

    public static void Write(string path, IEnumerable<DriftRecord> records) => DriftRecordJson.WriteFile(path, records);
}
