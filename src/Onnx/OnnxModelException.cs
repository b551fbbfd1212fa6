using System.Text.RegularExpressions;
using Mlops.Core.Errors;

namespace Mlops.Onnx;

/// <summary>
/// ONNX Runtime refused a model or a run (not ONNX, truncated, unknown op, wrong input shape...). The message is ORT's
/// own text without its "[ErrorCode:…]" prefix; <see cref="MlopsException.Where"/> names the model, so the CLI prints
/// <c>error: model.onnx: …</c> and the server a problem document, never a stack trace.
/// </summary>
public sealed partial class OnnxModelException : MlopsException
{
    private OnnxModelException(OrtErrorCode code, string message, string where, Exception inner)
        : base(message, where, inner)
    {
        Code = code;
    }

    /// <summary>ORT's error category, read from the message's prefix (Fail when there is none).</summary>
    public OrtErrorCode Code { get; }

    /// <summary>
    /// Wraps what ORT threw (its exception or a managed argument check) while working on <paramref name="where"/>.
    /// </summary>
    public static OnnxModelException From(Exception error, string where)
    {
        var match = CodePrefix().Match(error.Message);
        var code =
            match.Success && Enum.TryParse<OrtErrorCode>(match.Groups[1].Value, out var parsed) ? parsed
            : error is ArgumentException ? OrtErrorCode.InvalidArgument
            : OrtErrorCode.Fail;
        var text = match.Success ? error.Message[match.Length..] : error.Message;
        return new OnnxModelException(code, text.Trim(), where, error);
    }

    [GeneratedRegex(@"^\s*\[ErrorCode:(\w+)\]")]
    private static partial Regex CodePrefix();
}
