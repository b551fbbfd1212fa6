using System.Buffers;
using Mlops.Onnx.Native;

namespace Mlops.Onnx;

/// <summary>
/// A loaded ONNX model ready to run on ONNX Runtime's CPU provider.
/// <see cref="Run(IReadOnlyList{TensorBuffer})"/> may be called from many threads at once: ORT's session Run is
/// thread-safe, and this wrapper keeps no mutable state (names are built once, per-call objects live on the call).
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly OrtRuntime runtime;
    private readonly OrtHandle session;
    private readonly NativeStringTable inputNameTable;
    private readonly NativeStringTable outputNameTable;
    private readonly Dictionary<string, int> inputIndex;
    private readonly Dictionary<string, int> outputIndex;
    private readonly string where;

    /// <summary>Loads a model file. Errors (missing file, not ONNX, unsupported op) raise <see cref="OnnxRuntimeException"/>.</summary>
    public InferenceSession(string modelPath, SessionOptions? options = null)
        : this(modelPath, (runtime, env, nativeOptions) =>
        {
            nint raw;
            var path = NativeStringTable.Utf8(Path.GetFullPath(modelPath));
            try
            {
                runtime.Check(runtime.Api.CreateSession(env, path, nativeOptions, &raw), modelPath);
            }
            finally
            {
                System.Runtime.InteropServices.NativeMemory.Free(path);
            }

            return raw;
        }, options)
    {
    }

    /// <summary>Loads a model from its serialized bytes (a ModelProto).</summary>
    public InferenceSession(ReadOnlyMemory<byte> model, SessionOptions? options = null)
        : this("<model bytes>", (runtime, env, nativeOptions) =>
        {
            nint raw;
            using var pin = model.Pin();
            runtime.Check(runtime.Api.CreateSessionFromArray(env, pin.Pointer, (nuint)model.Length, nativeOptions, &raw), "<model bytes>");
            return raw;
        }, options)
    {
    }

    private InferenceSession(string where, Func<OrtRuntime, nint, nint, nint> create, SessionOptions? options)
    {
        this.where = where;
        runtime = OrtRuntime.Shared;
        using (var nativeOptions = NativeSessionOptions.Create(runtime, options ?? SessionOptions.Default))
        {
            session = new OrtHandle(create(runtime, runtime.Env.DangerousGetHandle(), nativeOptions.DangerousGetHandle()), runtime.Api.ReleaseSession);
        }

        try
        {
            var raw = session.DangerousGetHandle();
            Inputs = SessionMetadataReader.ReadNodes(runtime, raw, inputs: true);
            Outputs = SessionMetadataReader.ReadNodes(runtime, raw, inputs: false);
            Metadata = SessionMetadataReader.ReadModelMetadata(runtime, raw);
            inputNameTable = new NativeStringTable(Inputs.Select(n => n.Name).ToArray());
            outputNameTable = new NativeStringTable(Outputs.Select(n => n.Name).ToArray());
            inputIndex = Inputs.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
            outputIndex = Outputs.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
            OutputNames = Outputs.Select(n => n.Name).ToArray();
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The ORT library version serving this session, e.g. "1.30.0".</summary>
    public static string RuntimeVersion => OrtRuntime.Shared.Version;

    public IReadOnlyList<NodeInfo> Inputs { get; }

    public IReadOnlyList<NodeInfo> Outputs { get; }

    public IReadOnlyList<string> OutputNames { get; }

    public ModelMetadata Metadata { get; }

    /// <summary>Runs the model and returns every output as a managed array.</summary>
    public IReadOnlyList<TensorOutput> Run(IReadOnlyList<TensorBuffer> inputs) => Run(inputs, OutputNames);

    /// <summary>Runs the model and returns the named outputs, in the order asked.</summary>
    public IReadOnlyList<TensorOutput> Run(IReadOnlyList<TensorBuffer> inputs, IReadOnlyList<string> outputNames)
    {
        var produced = new nint[outputNames.Count];
        RunCore(inputs, outputNames.Count, i => outputNames[i], produced);

        // Wrap every value first so all are released even if copying one fails.
        var owners = produced.Select(p => new OrtHandle(p, runtime.Api.ReleaseValue)).ToArray();
        try
        {
            var results = new TensorOutput[owners.Length];
            for (var i = 0; i < owners.Length; i++)
            {
                results[i] = TensorCopier.ToManaged(runtime, outputNames[i], owners[i]);
            }

            return results;
        }
        finally
        {
            foreach (var owner in owners)
            {
                owner.Dispose();
            }
        }
    }

    /// <summary>Runs the model writing each output straight into the caller's buffer (its shape must be the one the model produces).</summary>
    public void Run(IReadOnlyList<TensorBuffer> inputs, IReadOnlyList<TensorBuffer> outputs)
    {
        var pins = new MemoryHandle[outputs.Count];
        var values = new OrtHandle?[outputs.Count];
        try
        {
            var raw = new nint[outputs.Count];
            for (var i = 0; i < outputs.Count; i++)
            {
                values[i] = CreateTensor(outputs[i], out pins[i]);
                raw[i] = values[i]!.DangerousGetHandle();
            }

            RunCore(inputs, outputs.Count, i => outputs[i].Name, raw);
        }
        finally
        {
            for (var i = 0; i < outputs.Count; i++)
            {
                values[i]?.Dispose();
                pins[i].Dispose();
            }
        }
    }

    /// <summary>
    /// Ends the profiling started by <see cref="SessionOptions.ProfileFilePrefix"/>: ORT writes its trace (one event
    /// per node run, with op type and duration in microseconds) and this returns the file's path.
    /// </summary>
    public string EndProfiling()
    {
        nint file;
        runtime.Check(runtime.Api.SessionEndProfiling(session.DangerousGetHandle(), runtime.DefaultAllocator, &file), where);
        return runtime.TakeString(file) ?? throw new OnnxRuntimeException(OrtErrorCode.Fail, "ORT returned no profile file name", where);
    }

    public void Dispose()
    {
        session.Dispose();
        inputNameTable.Dispose();
        outputNameTable.Dispose();
    }

    private void RunCore(IReadOnlyList<TensorBuffer> inputs, int outputCount, Func<int, string> outputName, nint[] outputValues)
    {
        var inputCount = inputs.Count;
        var pins = new MemoryHandle[inputCount];
        var values = new OrtHandle?[inputCount];
        var temporaryNames = new List<nint>();
        var sessionRef = false;
        var inputNamesRef = false;
        var outputNamesRef = false;
        try
        {
            // Hold the session and name tables alive for the whole call, even if another thread disposes them.
            session.DangerousAddRef(ref sessionRef);
            inputNameTable.DangerousAddRef(ref inputNamesRef);
            outputNameTable.DangerousAddRef(ref outputNamesRef);

            var inputNames = stackalloc nint[Math.Max(1, inputCount)];
            var inputHandles = stackalloc nint[Math.Max(1, inputCount)];
            for (var i = 0; i < inputCount; i++)
            {
                inputNames[i] = NameOf(inputs[i].Name, inputIndex, inputNameTable, temporaryNames);
                values[i] = CreateTensor(inputs[i], out pins[i]);
                inputHandles[i] = values[i]!.DangerousGetHandle();
            }

            var outputNames = stackalloc nint[Math.Max(1, outputCount)];
            for (var i = 0; i < outputCount; i++)
            {
                outputNames[i] = NameOf(outputName(i), outputIndex, outputNameTable, temporaryNames);
            }

            fixed (nint* outputs = outputValues)
            {
                runtime.Check(
                    runtime.Api.Run(session.DangerousGetHandle(), 0, inputNames, inputHandles, (nuint)inputCount, outputNames, (nuint)outputCount, outputs),
                    where);
            }
        }
        finally
        {
            for (var i = 0; i < inputCount; i++)
            {
                values[i]?.Dispose();
                pins[i].Dispose();
            }

            foreach (var name in temporaryNames)
            {
                System.Runtime.InteropServices.NativeMemory.Free((void*)name);
            }

            if (outputNamesRef) outputNameTable.DangerousRelease();
            if (inputNamesRef) inputNameTable.DangerousRelease();
            if (sessionRef) session.DangerousRelease();
        }
    }

    /// <summary>A name the model declares comes from the cached table; any other is passed through so ORT reports it.</summary>
    private static nint NameOf(string name, Dictionary<string, int> index, NativeStringTable table, List<nint> temporaryNames)
    {
        if (index.TryGetValue(name, out var position))
        {
            return table[position];
        }

        var temporary = (nint)NativeStringTable.Utf8(name);
        temporaryNames.Add(temporary);
        return temporary;
    }

    private OrtHandle CreateTensor(TensorBuffer buffer, out MemoryHandle pin)
    {
        pin = buffer.Pin(out var byteLength);
        var shape = buffer.ShapeArray;
        nint raw;
        fixed (long* dims = shape)
        {
            runtime.Check(
                runtime.Api.CreateTensorWithDataAsOrtValue(
                    runtime.CpuMemory.DangerousGetHandle(), pin.Pointer, byteLength, dims, (nuint)shape.Length, (int)buffer.ElementType, &raw),
                $"tensor '{buffer.Name}'");
        }

        return new OrtHandle(raw, runtime.Api.ReleaseValue);
    }
}
