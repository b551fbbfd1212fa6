using System.IO.Compression;
using Mlops.Core.Errors;
using Mlops.Torch.Serialization;

namespace Mlops.Torch.Tests.Serialization;

/// <summary>
/// Damaged files (random bytes changed in the pickle or the safetensors header) either still read or fail
/// with an MlopsException: never an IndexOutOfRange, InvalidCast, Overflow or out-of-memory crash.
/// </summary>
public sealed class MutatedFileTests(PyTorchFixtures fixtures) : IClassFixture<PyTorchFixtures>
{
    private const int Mutations = 400;

    [Fact]
    public void Mutated_pickles_fail_only_with_user_errors()
    {
        using var folder = new TempFolder();
        var entries = ReadEntries(fixtures.File("net.pth"));
        var pickleName = entries.Keys.Single(k => k.EndsWith("/data.pkl"));
        var random = new Random(1234);
        var path = folder.File("mutated.pth");
        var refused = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var pickle = Mutate(entries[pickleName], random);
            WriteZip(path, entries, pickleName, pickle);
            refused += ReadsOrRefuses(path, i) ? 0 : 1;
        }
        refused.Should().BeGreaterThan(Mutations / 4, "most damage is noticed");
    }

    [Fact]
    public void Mutated_safetensors_headers_fail_only_with_user_errors()
    {
        using var folder = new TempFolder();
        var original = folder.File("original.safetensors");
        StateDictFile.WriteSafetensors(
            original,
            new StateDict(
                [
                    new("a", TensorData.From<float>([1f, 2f, 3f, 4f], 2, 2)),
                    new("b", TensorData.From<long>([5, 6, 7], 3)),
                ],
                new Dictionary<string, string> { ["k"] = "v" }
            )
        );
        var bytes = File.ReadAllBytes(original);
        var headerEnd = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        var random = new Random(99);
        var path = folder.File("mutated.safetensors");
        for (var i = 0; i < Mutations; i++)
        {
            var mutated = (byte[])bytes.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
                mutated[random.Next(0, headerEnd)] = (byte)random.Next(256);
            File.WriteAllBytes(path, mutated);
            ReadsOrRefuses(path, i);
        }
    }

    private static bool ReadsOrRefuses(string path, int iteration)
    {
        try
        {
            StateDictFile.Read(path);
            return true;
        }
        catch (MlopsException error)
        {
            error.Where.Should().Contain(Path.GetFileName(path), $"mutation {iteration}");
            return false;
        }
        catch (Exception error)
        {
            throw new Xunit.Sdk.XunitException(
                $"mutation {iteration} escaped as {error.GetType().Name}: {error.Message}"
            );
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        if (random.Next(5) == 0)
            return bytes[..random.Next(bytes.Length)];
        for (var n = random.Next(1, 4); n > 0; n--)
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }

    private static Dictionary<string, byte[]> ReadEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(
            e => e.FullName,
            e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }
        );
    }

    private static void WriteZip(
        string path,
        Dictionary<string, byte[]> entries,
        string replacedName,
        byte[] replacement
    )
    {
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(name == replacedName ? replacement : content);
        }
    }
}
