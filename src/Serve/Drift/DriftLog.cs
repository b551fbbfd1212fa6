using System.Globalization;
using System.Text;
using Mlops.Core.Artifacts;
using Mlops.Data.Images;

namespace Mlops.Serve.Drift;

/// <summary>
/// Appends <see cref="DriftRecord"/> lines to &lt;folder&gt;/drift.jsonl. When the file passes the size limit it
/// is closed and renamed drift-&lt;utc time&gt;.jsonl (complete lines only), a fresh file starts, and the oldest
/// closed files beyond the count limit are deleted, so the disk use stays bounded.
/// <see cref="FileClosed"/> lets a caller ship closed files elsewhere (e.g. the registry's bucket).
/// </summary>
public sealed class DriftLog : IDisposable
{
    public const string ActiveFileName = "drift.jsonl";
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly int _maxFiles;
    private readonly Lock _gate = new();
    private FileStream _stream;

    public DriftLog(string folder, long maxBytes, int maxFiles)
    {
        _folder = Path.GetFullPath(folder);
        _maxBytes = maxBytes;
        _maxFiles = maxFiles;
        Directory.CreateDirectory(_folder);
        _stream = Open();
    }

    public event Action<string>? FileClosed;

    public string Folder => _folder;

    public void Append(IEnumerable<DriftRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records)
            text.Append(DriftRecordJson.ToLine(record)).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        string? closed = null;
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
            if (_stream.Length >= _maxBytes)
                closed = Rotate();
        }

        if (closed is not null)
            FileClosed?.Invoke(closed);
    }

    /// <summary>Every log file, closed ones first (oldest first), then the active one.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Directory
            .GetFiles(folder, "drift-*.jsonl")
            .Order(StringComparer.Ordinal)
            .Concat(File.Exists(Path.Combine(folder, ActiveFileName)) ? [Path.Combine(folder, ActiveFileName)] : [])
            .ToList();

    public void Dispose()
    {
        lock (_gate)
            _stream.Dispose();
    }

    private FileStream Open() =>
        new(Path.Combine(_folder, ActiveFileName), FileMode.Append, FileAccess.Write, FileShare.Read);

    private string Rotate()
    {
        _stream.Dispose();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fffffff", CultureInfo.InvariantCulture);
        var closed = Path.Combine(_folder, $"drift-{stamp}.jsonl");
        File.Move(Path.Combine(_folder, ActiveFileName), closed);
        _stream = Open();
        foreach (
            var old in Directory.GetFiles(_folder, "drift-*.jsonl").Order(StringComparer.Ordinal).SkipLast(_maxFiles)
        )
            File.Delete(old);
        return closed;
    }
}
