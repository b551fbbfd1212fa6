using Mlops.Core.Errors;
using Mlops.Onnx.Model;
using Mlops.Serve.Batching;
using Mlops.Serve.Models;
using Onnx;

namespace Mlops.Serve.Tests;

/// <summary>A version unloaded while direct runs (warm-up, offline prediction) are inside ORT never frees it under them.</summary>
public sealed class ModelLifetimeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-lifetime-").FullName;

    [Fact]
    public async Task Draining_while_direct_runs_are_in_flight_waits_for_them_and_later_runs_are_refused()
    {
        var model = ModelVersion.Load(
            "bands",
            new ModelArtifact("1", TestModels.Write(_folder, "bands")),
            null,
            new(),
            IBatchObserver.None
        );
        var input = TestModels.BandTensor(3);
        var answered = 0;
        using var started = new CountdownEvent(4);
        var runners = Enumerable
            .Range(0, 4)
            .Select(_ =>
                Task.Run(() =>
                {
                    started.Signal();
                    while (true)
                    {
                        try
                        {
                            model.RunDirect(input, 1).Should().HaveCount(TestModels.Labels.Length);
                            Interlocked.Increment(ref answered);
                        }
                        catch (ObjectDisposedException)
                        {
                            return;
                        }
                    }
                })
            )
            .ToList();
        started.Wait();
        await Task.Delay(50);

        await model.DrainAsync();
        await Task.WhenAll(runners).WaitAsync(TimeSpan.FromSeconds(30));

        answered.Should().BeGreaterThan(0);
        FluentActions.Invoking(() => model.RunDirect(input, 1)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_model_whose_output_is_a_sequence_is_refused_with_a_message_naming_it()
    {
        var graph = OnnxModels.Graph(
            "sequence_output",
            [OnnxNodes.Create("SequenceConstruct", "wrap", ["image"], ["pieces"])],
            [OnnxValueInfos.FloatWithDynamicBatch("image", 1, TestModels.Size, TestModels.Size)],
            [
                new ValueInfoProto
                {
                    Name = "pieces",
                    Type = new TypeProto
                    {
                        SequenceType = new TypeProto.Types.Sequence
                        {
                            ElemType = new TypeProto
                            {
                                TensorType = new TypeProto.Types.Tensor
                                {
                                    ElemType = (int)TensorProto.Types.DataType.Float,
                                },
                            },
                        },
                    },
                },
            ]
        );
        var path = Path.Combine(_folder, "sequence.onnx");
        OnnxModelFile.Write(path, OnnxModels.Create(graph));

        var load = () => ModelVersion.Load("seq", new ModelArtifact("1", path), null, new(), IBatchObserver.None);

        load.Should()
            .Throw<MlopsException>()
            .Where(e =>
                e.Message.Contains("the first output must be a float tensor")
                && e.Message.Contains("pieces: sequence")
                && e.Where == path
            );
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
