using System.Buffers.Binary;
using System.Text;
using Mlops.Core.Errors;

namespace Mlops.Torch.Serialization.Pickle;

/// <summary>A bounds-checked cursor over pickle bytes: every read past the end is a "truncated" error.</summary>
internal sealed class PickleInput(byte[] bytes, string where)
{
    private int _position;

    public int Position => _position;

    public byte ReadByte() => Take(1)[0];

    public ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > bytes.Length - _position)
            throw new MlopsException(
                $"pickle data is truncated: needs {count} more bytes at offset {_position} of {bytes.Length}",
                where
            );
        var span = bytes.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }

    public int ReadUInt8() => ReadByte();

    public int ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadFloat64BigEndian() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    public string ReadUtf8(long count) => Encoding.UTF8.GetString(Take(count));

    /// <summary>A newline-terminated ASCII line (the text arguments of GLOBAL).</summary>
    public string ReadLine()
    {
        var rest = bytes.AsSpan(_position);
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
            throw new MlopsException($"pickle data is truncated: unterminated line at offset {_position}", where);
        var line = Encoding.UTF8.GetString(rest[..end]);
        _position += end + 1;
        return line;
    }
}
