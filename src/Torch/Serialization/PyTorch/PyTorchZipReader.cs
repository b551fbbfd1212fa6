using System.IO.Compression;
using Mlops.Core.Errors;
using Mlops.Torch.Serialization.Pickle;

namespace Mlops.Torch.Serialization.PyTorch;

/// <summary>
/// Reads a file written by <c>torch.save(model.state_dict())</c> (PyTorch >= 1.6 zip format):
/// <c>&lt;name&gt;/data.pkl</c> is unpickled with <see cref="RestrictedUnpickler"/>, and each
/// persistent id <c>('storage', torch.FloatStorage, key, location, numel)</c> loads
/// <c>&lt;name&gt;/data/&lt;key&gt;</c>.
/// </summary>
public static class PyTorchZipReader
{
    private sealed record LoadedStorage(TensorDType DType, byte[] Bytes);

    /// <summary>Largest uncompressed/compressed ratio accepted for an entry.</summary>
    private const long MaxExpansion = 1000;

    public static StateDict Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new MlopsException($"not a readable PyTorch zip file (truncated or damaged): {e.Message}", path);
        }
        using (archive)
        {
            try
            {
                return new ArchiveReader(archive, path).Read();
            }
            catch (InvalidDataException e)
            {
                throw new MlopsException($"a PyTorch zip entry is damaged: {e.Message}", path);
            }
        }
    }

    private sealed class ArchiveReader(ZipArchive archive, string path)
    {
        private readonly Dictionary<string, LoadedStorage> _storages = new(StringComparer.Ordinal);
        private string _prefix = "";
        private bool _bigEndian;

        public StateDict Read()
        {
            var pickleEntry = FindPickle();
            var where = $"{path} ({pickleEntry.FullName})";
            _prefix = pickleEntry.FullName[..^"data.pkl".Length];
            _bigEndian = ReadByteOrder() == "big";
            var unpickler = new RestrictedUnpickler(
                ReadEntry(pickleEntry),
                where,
                (module, name) =>
                    StateDictGlobals.Resolve(module, name, arguments => RebuildTensor(arguments, where), where),
                id => LoadStorage(id, where)
            );
            var root = unpickler.Load();
            return new StateDict(TensorEntries.Extract(root, where)) { Format = WeightFileFormat.PyTorchZip };
        }

        private ZipArchiveEntry FindPickle()
        {
            var candidates = archive
                .Entries.Where(e =>
                    e.FullName == "data.pkl"
                    || (e.FullName.EndsWith("/data.pkl") && e.FullName.Count(c => c == '/') == 1)
                )
                .ToList();
            return candidates.Count switch
            {
                1 => candidates[0],
                0 => throw new MlopsException(
                    "a zip file, but not one written by torch.save: no <name>/data.pkl entry",
                    path
                ),
                _ => throw new MlopsException(
                    "a zip file with several data.pkl entries: not one written by torch.save",
                    path
                ),
            };
        }

        private string ReadByteOrder()
        {
            var entry = archive.GetEntry(_prefix + "byteorder");
            if (entry is null)
                return "little";
            var order = System.Text.Encoding.ASCII.GetString(ReadEntry(entry)).Trim();
            return order is "little" or "big"
                ? order
                : throw new MlopsException($"unknown byteorder '{order}' in {entry.FullName}", path);
        }

        private object LoadStorage(object? id, string where)
        {
            if (id is not object?[] { Length: 5 } fields || fields[0] is not "storage")
                throw new MlopsException(
                    "unexpected persistent id: only ('storage', type, key, location, numel) is allowed",
                    where
                );
            if (fields[1] is not StorageType type || fields[2] is not string key || fields[4] is not long numel)
                throw new MlopsException("malformed storage reference in the pickle", where);
            if (_storages.TryGetValue(key, out var known))
            {
                return known.DType == type.DType
                    ? known
                    : throw new MlopsException(
                        $"storage '{key}' is used as both {known.DType} and {type.DType}",
                        where
                    );
            }
            var entry = archive.GetEntry($"{_prefix}data/{key}")
                ?? throw new MlopsException(
                    $"the pickle refers to storage '{key}' but {_prefix}data/{key} is missing",
                    path
                );
            var bytes = ReadEntry(entry);
            var elementSize = type.DType.ElementSize();
            if (numel < 0 || bytes.LongLength / elementSize < numel)
                throw new MlopsException(
                    $"storage {entry.FullName} has {bytes.Length} bytes but should hold {numel} {type.DType} elements",
                    path
                );
            if (_bigEndian)
                ByteOrder.SwapInPlace(bytes, elementSize);
            var storage = new LoadedStorage(type.DType, bytes);
            _storages[key] = storage;
            return storage;
        }

        private TensorData RebuildTensor(object?[] arguments, string where)
        {
            // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            if (
                arguments.Length < 4
                || arguments[0] is not LoadedStorage storage
                || arguments[1] is not long offset
                || !TryLongs(arguments[2], out var sizes)
                || !TryLongs(arguments[3], out var strides)
            )
                throw new MlopsException("malformed _rebuild_tensor_v2 call in the pickle", where);
            var (dtype, bytes) = storage;
            var elementSize = dtype.ElementSize();
            var problem = StridedCopy.Validate(bytes.LongLength / elementSize, elementSize, offset, sizes, strides);
            if (problem is not null)
                throw new MlopsException($"a tensor view does not fit its storage: {problem}", where);
            return new TensorData(dtype, sizes, StridedCopy.Gather(bytes, elementSize, offset, sizes, strides));
        }

        private static bool TryLongs(object? value, out long[] longs)
        {
            longs = [];
            if (value is not object?[] items || items.Any(i => i is not long))
                return false;
            longs = items.Select(i => (long)i!).ToArray();
            return true;
        }

        private byte[] ReadEntry(ZipArchiveEntry entry)
        {
            if (entry.Length > Array.MaxLength)
                throw new MlopsException($"{entry.FullName} is larger than 2 GB", path);
            // torch.save stores entries uncompressed; a huge declared size behind a few bytes is a zip bomb.
            if (entry.Length > MaxExpansion * (entry.CompressedLength + 1))
                throw new MlopsException(
                    $"{entry.FullName} claims {entry.Length} bytes from {entry.CompressedLength} compressed: refused",
                    path
                );
            var bytes = new byte[entry.Length];
            using var input = entry.Open();
            try
            {
                input.ReadExactly(bytes);
            }
            catch (EndOfStreamException)
            {
                throw new MlopsException($"{entry.FullName} is truncated", path);
            }
            return bytes;
        }
    }
}
