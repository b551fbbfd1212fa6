using Mlops.Torch.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Torch.Tests.Serialization;

public sealed class TensorDataConversionTests
{
    [Fact]
    public void Stored_floats_become_a_tensor_with_the_same_shape_and_values()
    {
        var data = TensorData.From<float>([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

        using var tensor = data.ToTensor();

        tensor.dtype.Should().Be(ScalarType.Float32);
        tensor.shape.Should().Equal(2, 3);
        tensor.ToArray<float>().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
    }

    [Fact]
    public void A_transposed_tensor_is_stored_in_row_major_order_of_its_own_shape()
    {
        using var source = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var transposed = source.t();

        var data = transposed.ToTensorData();

        data.Shape.Should().Equal(3, 2);
        data.ToArray<float>().Should().Equal(1f, 4f, 2f, 5f, 3f, 6f);
    }

    [Theory]
    [InlineData(TensorDType.Float32)]
    [InlineData(TensorDType.Float64)]
    [InlineData(TensorDType.Float16)]
    [InlineData(TensorDType.BFloat16)]
    [InlineData(TensorDType.Int64)]
    [InlineData(TensorDType.Int32)]
    [InlineData(TensorDType.Int16)]
    [InlineData(TensorDType.Int8)]
    [InlineData(TensorDType.UInt8)]
    [InlineData(TensorDType.Bool)]
    public void Every_dtype_survives_a_round_trip_through_libtorch(TensorDType dtype)
    {
        var bytes = Enumerable
            .Range(0, 4 * dtype.ElementSize())
            .Select(i => dtype == TensorDType.Bool ? (byte)(i % 2) : (byte)(i * 37 % 120))
            .ToArray();
        var data = new TensorData(dtype, [2, 2], bytes);

        using var tensor = data.ToTensor();
        var back = tensor.ToTensorData();

        tensor.dtype.Should().Be(dtype.ToScalarType());
        back.DType.Should().Be(dtype);
        back.Shape.Should().Equal(2, 2);
        back.Data.Should().Equal(bytes);
    }

    [Fact]
    public void Scalars_and_empty_tensors_convert()
    {
        using var scalar = TensorData.From<long>([7]).ToTensor();
        using var empty = TensorData.From<float>([], 0, 5).ToTensor();

        scalar.shape.Should().BeEmpty();
        scalar.item<long>().Should().Be(7);
        empty.shape.Should().Equal(0, 5);
        empty.ToTensorData().Data.Should().BeEmpty();
    }
}
