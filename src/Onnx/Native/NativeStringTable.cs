using System.Runtime.InteropServices;
using System.Text;

namespace Mlops.Onnx.Native;

/// <summary>
/// A fixed array of NUL-terminated UTF-8 strings in native memory (the char** ORT's Run takes), built once per
/// session so a Run call does not marshal names. Freed once, when the last user releases it.
/// </summary>
internal sealed unsafe class NativeStringTable : SafeHandle
{
    private readonly int count;

    public NativeStringTable(IReadOnlyList<string> strings)
        : base(0, ownsHandle: true)
    {
        count = strings.Count;
        var table = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, count), (nuint)sizeof(nint));
        SetHandle((nint)table);
        for (var i = 0; i < count; i++)
        {
            table[i] = Utf8(strings[i]);
        }
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Pointer to the i-th string; valid while the table is alive (callers hold a DangerousAddRef).</summary>
    public nint this[int index] => (nint)((byte**)handle)[index];

    public static byte* Utf8(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, length));
        bytes[length] = 0;
        return bytes;
    }

    protected override bool ReleaseHandle()
    {
        var table = (byte**)handle;
        for (var i = 0; i < count; i++)
        {
            NativeMemory.Free(table[i]);
        }

        NativeMemory.Free(table);
        return true;
    }
}
