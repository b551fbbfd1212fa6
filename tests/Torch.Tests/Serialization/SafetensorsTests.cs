using System.Buffers.Binary;
using System.Text;
using Mlops.Core.Errors;
using Mlops.Torch.Serialization;

namespace Mlops.Torch.Tests.Serialization;

public sealed class SafetensorsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static StateDict Sample() =>
        new(
            [
                new("conv1.weight", TensorData.From<float>([1.5f, -2f, 3.25f, 0f, 1e-8f, float.MaxValue], 2, 3)),
                new("bn1.num_batches_tracked", TensorData.From<long>([long.MaxValue])),
                new("half", TensorData.From<Half>([(Half)0.5, (Half)(-1)], 2)),
                new("mask", TensorData.From<bool>([true, false, true], 3)),
                new("empty", TensorData.From<float>([], 0, 4)),
                new("bytes", TensorData.From<byte>([1, 2, 255], 3)),
            ],
            new Dictionary<string, string> { ["arch"] = "resnet18", ["epoch"] = "7" }
        );

    [Fact]
    public void Round_trip_keeps_names_order_dtypes_shapes_values_and_metadata()
    {
        var path = _folder.File("model.safetensors");
        var original = Sample();

        StateDictFile.WriteSafetensors(path, original);
        var read = StateDictFile.Read(path);

        read.Format.Should().Be(WeightFileFormat.Safetensors);
        read.Keys.Should().Equal(original.Keys);
        foreach (var (name, tensor) in original.Tensors)
        {
            read[name].DType.Should().Be(tensor.DType);
            read[name].Shape.Should().Equal(tensor.Shape);
            read[name].Data.Should().Equal(tensor.Data);
        }
        read.Metadata.Should().BeEquivalentTo(original.Metadata);
        Directory.GetFiles(_folder.Path).Should().ContainSingle("the temp file is renamed, never left behind");
    }

    [Fact]
    public void File_written_here_is_parsed_by_python_json_and_struct()
    {
        var path = _folder.File("model.safetensors");
        StateDictFile.WriteSafetensors(path, Sample());

        var output = PythonReference.Run(
            """
import json, struct
raw = open("model.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
assert (8 + n) % 8 == 0
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]
w = header["conv1.weight"]
b, e = w["data_offsets"]
print(w["dtype"], w["shape"], list(struct.unpack("<6f", data[b:e]))[:4])
print(header["__metadata__"]["arch"], struct.unpack("<q", data[slice(*header["bn1.num_batches_tracked"]["data_offsets"])])[0])
""",
            _folder.Path
        );

        output.Should().Be("F32 [2, 3] [1.5, -2.0, 3.25, 0.0]\nresnet18 9223372036854775807\n");
    }

    [Fact]
    public void Reads_a_hand_built_file()
    {
        var path = WriteRaw(
            """{"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]},"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}""",
            [9, 8, 7, 6, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]
        );

        var read = StateDictFile.Read(path);

        read.Keys.Should().Equal("b", "a");
        read["a"].ToArray<byte>().Should().Equal(9, 8, 7, 6);
        read["b"].ToArray<int>().Should().Equal(1, -2);
    }

    [Theory]
    [InlineData(
        """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""",
        8,
        "overlaps"
    )]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "needs 8 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 6, "truncated")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "gap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 12, "no tensor accounts for")]
    [InlineData("""{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}}""", 4, "unsupported dtype 'Q7'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4, "non-negative")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", 4, "needs dtype, shape and data_offsets")]
    [InlineData("""{"__metadata__":{"x":1}}""", 0, "must be a string")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}""", 4, "not valid JSON")]
    public void Invalid_headers_are_rejected_with_what_is_wrong(string header, int dataBytes, string expected)
    {
        var path = WriteRaw(header, new byte[dataBytes]);

        var act = () => StateDictFile.Read(path);

        act.Should().Throw<MlopsException>().Where(e => e.Message.Contains(expected) && e.Where == path);
    }

    [Fact]
    public void A_truncated_file_is_rejected()
    {
        var path = _folder.File("model.safetensors");
        StateDictFile.WriteSafetensors(path, Sample());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);

        var act = () => StateDictFile.Read(path);

        act.Should().Throw<MlopsException>().WithMessage("*truncated*");
    }

    [Fact]
    public void A_header_length_larger_than_the_file_is_rejected()
    {
        var path = _folder.File("bad.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000);
        File.WriteAllBytes(path, bytes);

        var act = () => StateDictFile.Read(path);

        act.Should().Throw<MlopsException>().WithMessage("*header length 1000000 does not fit*");
    }

    [Fact]
    public void Random_bytes_are_neither_format()
    {
        var path = _folder.File("noise.bin");
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        File.WriteAllBytes(path, noise);

        var act = () => StateDictFile.Read(path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Message.StartsWith("neither a PyTorch .pth (zip) nor a safetensors file") && e.Where == path);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = _folder.File("absent.safetensors");

        var act = () => StateDictFile.Read(path);

        act.Should().Throw<MlopsException>().Where(e => e.Message == "weight file not found" && e.Where == path);
    }

    [Fact]
    public void Overwriting_replaces_the_whole_file()
    {
        var path = _folder.File("model.safetensors");
        StateDictFile.WriteSafetensors(path, Sample());
        StateDictFile.WriteSafetensors(path, new StateDict([new("only", TensorData.From<double>([2.0], 1))]));

        var read = StateDictFile.Read(path);

        read.Keys.Should().Equal("only");
        read.Metadata.Should().BeEmpty();
    }

    private string WriteRaw(string header, byte[] data)
    {
        var path = _folder.File($"raw-{Guid.NewGuid():N}.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        stream.Write(length);
        stream.Write(json);
        stream.Write(data);
        return path;
    }
}
