using Google.Protobuf;
using Mlops.Core.Errors;
using Onnx;

namespace Mlops.Onnx.Model;

/// <summary>Reads and writes .onnx files (a serialized ModelProto). Writes go to a temp file renamed into
/// place.</summary>
public static class OnnxModelFile
{
    public static byte[] ToBytes(ModelProto model) => model.ToByteArray();

    public static void Write(string path, ModelProto model)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                model.WriteTo(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static ModelProto Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlopsException("ONNX model file not found", path);
        }

        try
        {
            using var stream = File.OpenRead(path);
            var model = ModelProto.Parser.ParseFrom(stream);
            if (model.Graph is null)
            {
                throw new MlopsException("not an ONNX model: the file has no graph", path);
            }

            return model;
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new MlopsException($"not an ONNX model: {error.Message}", path);
        }
    }
}
