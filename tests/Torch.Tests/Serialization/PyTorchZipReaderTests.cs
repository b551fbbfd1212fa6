using Mlops.Core.Errors;
using Mlops.Torch.Serialization;

namespace Mlops.Torch.Tests.Serialization;

public sealed class PyTorchZipReaderTests(PyTorchFixtures fixtures) : IClassFixture<PyTorchFixtures>
{
    [Theory]
    [InlineData("net.pth")]
    [InlineData("dtypes.pth")]
    [InlineData("views.pth")]
    public void Reads_every_tensor_with_the_values_pytorch_saved(string file)
    {
        var stateDict = StateDictFile.Read(fixtures.File(file));

        stateDict.Format.Should().Be(WeightFileFormat.PyTorchZip);
        var expectedPath = fixtures.File("expected.json");
        stateDict.Keys.Should().Equal(TensorValues.ExpectedOrder(expectedPath, file));
        foreach (var (name, expected) in TensorValues.ReadExpected(expectedPath, file))
        {
            var tensor = stateDict[name];
            tensor.DType.Should().Be(expected.DType, name);
            tensor.Shape.Should().Equal(expected.Shape, name);
            TensorValues.AsDoubles(tensor).Should().Equal(expected.Values, $"values of {name}");
        }
    }

    [Fact]
    public void State_dict_keeps_pytorch_names_and_batchnorm_buffers()
    {
        var stateDict = StateDictFile.Read(fixtures.File("net.pth"));

        stateDict
            .Keys.Should()
            .Equal(
                "0.weight",
                "0.bias",
                "1.weight",
                "1.bias",
                "1.running_mean",
                "1.running_var",
                "1.num_batches_tracked",
                "4.weight",
                "4.bias"
            );
        stateDict["1.num_batches_tracked"].Shape.Should().BeEmpty();
        stateDict["1.num_batches_tracked"].ToArray<long>().Should().Equal(1L);
    }

    [Fact]
    public void Views_of_one_shared_storage_each_read_their_own_elements()
    {
        var stateDict = StateDictFile.Read(fixtures.File("views.pth"));

        stateDict["alias"].Data.Should().Equal(stateDict["whole"].Data);
        stateDict["transposed"].ToArray<float>().Take(4).Should().Equal(0f, 5f, 10f, 15f);
        stateDict["sliced"].Shape.Should().Equal(2, 2, 3);
        stateDict["sliced"].ToArray<float>().Take(3).Should().Equal(31f, 32f, 33f);
        stateDict["expanded"].ToArray<float>().Should().Equal(1f, 1f, 1f, 2f, 2f, 2f);
    }

    [Fact]
    public void A_checkpoint_dict_yields_its_state_dict_entry()
    {
        var checkpoint = StateDictFile.Read(fixtures.File("checkpoint.pth"));
        var plain = StateDictFile.Read(fixtures.File("net.pth"));

        checkpoint.Keys.Should().Equal(plain.Keys);
        checkpoint["0.weight"].Data.Should().Equal(plain["0.weight"].Data);
    }

    [Fact]
    public void A_pickle_calling_os_system_is_refused_by_name_and_nothing_runs()
    {
        var act = () => StateDictFile.Read(fixtures.File("evil.pth"));

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Message.Contains("refused pickle global 'posix.system'") && e.Where!.Contains("evil.pth"));
        File.Exists(fixtures.File("pwned")).Should().BeFalse();
    }

    [Fact]
    public void The_legacy_pre_zip_format_is_named_in_the_error()
    {
        var act = () => StateDictFile.Read(fixtures.File("legacy.pth"));

        act.Should().Throw<MlopsException>().WithMessage("*legacy PyTorch format*");
    }

    [Fact]
    public void A_truncated_pth_gives_a_clear_error_naming_the_file()
    {
        var bytes = File.ReadAllBytes(fixtures.File("net.pth"));
        using var folder = new TempFolder();
        var path = folder.File("cut.pth");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var act = () => StateDictFile.Read(path);

        act.Should()
            .Throw<MlopsException>()
            .Where(e => e.Where == path && (e.Message.Contains("truncated") || e.Message.Contains("damaged")));
    }

    [Fact]
    public void A_zip_that_torch_did_not_write_is_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("other.pth");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            zip.CreateEntry("readme.txt");

        var act = () => StateDictFile.Read(path);

        act.Should().Throw<MlopsException>().WithMessage("*no <name>/data.pkl entry*");
    }

    [Fact]
    public void A_zip_bomb_entry_is_refused_before_it_is_inflated()
    {
        using var folder = new TempFolder();
        var path = folder.File("bomb.pth");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (var pickle = zip.CreateEntry("bomb/data.pkl").Open())
                pickle.Write(new byte[50_000_000]);
        }

        var act = () => StateDictFile.Read(path);

        act.Should().Throw<MlopsException>().WithMessage("*bomb/data.pkl claims 50000000 bytes*refused*");
    }
}
