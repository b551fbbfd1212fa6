using System.Numerics;
using Mlops.Core.Errors;
using static Mlops.Torch.Serialization.Pickle.PickleOpcodes;

namespace Mlops.Torch.Serialization.Pickle;

/// <summary>
/// A pickle interpreter that builds plain values and never imports anything: each GLOBAL goes to
/// <paramref name="resolveGlobal"/>, which returns the allowed object or throws; persistent ids go to
/// <paramref name="persistentLoad"/>. Only the binary opcodes of protocols 2-4 are understood.
/// </summary>
public sealed class RestrictedUnpickler(
    byte[] pickle,
    string where,
    Func<string, string, object> resolveGlobal,
    Func<object?, object?> persistentLoad
)
{
    private readonly PickleInput _input = new(pickle, where);
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    public object? Load()
    {
        while (true)
        {
            var opcodeOffset = _input.Position;
            var opcode = _input.ReadByte();
            if (opcode == Stop)
            {
                if (_stack.Count != 1 || _marks.Count != 0)
                    throw Fail($"STOP at offset {opcodeOffset} with {_stack.Count} values on the stack");
                return _stack[0];
            }
            Execute(opcode, opcodeOffset);
        }
    }

    private void Execute(byte opcode, int offset)
    {
        switch (opcode)
        {
            case Proto:
                var protocol = _input.ReadUInt8();
                if (protocol > 5)
                    throw Fail($"unsupported pickle protocol {protocol}");
                break;
            case Frame:
                _input.ReadUInt64();
                break;
            case Mark:
                _marks.Push(_stack.Count);
                break;
            case Pop:
                PopValue();
                break;
            case PopMark:
                PopToMark();
                break;
            case Dup:
                Push(Peek());
                break;

            case None:
                Push(null);
                break;
            case NewTrue:
                Push(true);
                break;
            case NewFalse:
                Push(false);
                break;
            case BinInt:
                Push((long)_input.ReadInt32());
                break;
            case BinInt1:
                Push((long)_input.ReadUInt8());
                break;
            case BinInt2:
                Push((long)_input.ReadUInt16());
                break;
            case Long1:
                Push(ReadLong(_input.ReadUInt8()));
                break;
            case Long4:
                Push(ReadLong(_input.ReadInt32()));
                break;
            case BinFloat:
                Push(_input.ReadFloat64BigEndian());
                break;

            case ShortBinUnicode:
                Push(_input.ReadUtf8(_input.ReadUInt8()));
                break;
            case BinUnicode:
                Push(_input.ReadUtf8(_input.ReadUInt32()));
                break;
            case BinUnicode8:
                Push(_input.ReadUtf8(CheckedLength(_input.ReadUInt64())));
                break;
            case ShortBinString:
                Push(Latin1(_input.Take(_input.ReadUInt8())));
                break;
            case BinString:
                Push(Latin1(_input.Take(_input.ReadInt32())));
                break;
            case ShortBinBytes:
                Push(_input.Take(_input.ReadUInt8()).ToArray());
                break;
            case BinBytes:
                Push(_input.Take(_input.ReadUInt32()).ToArray());
                break;
            case BinBytes8:
                Push(_input.Take(CheckedLength(_input.ReadUInt64())).ToArray());
                break;

            case EmptyTuple:
                Push(Array.Empty<object?>());
                break;
            case Tuple1:
                Push(PopMany(1));
                break;
            case Tuple2:
                Push(PopMany(2));
                break;
            case Tuple3:
                Push(PopMany(3));
                break;
            case PickleOpcodes.Tuple:
                Push(PopToMark());
                break;
            case EmptyList:
                Push(new List<object?>());
                break;
            case PickleOpcodes.List:
                Push(new List<object?>(PopToMark()));
                break;
            case Append:
                AppendOne();
                break;
            case Appends:
                AppendMany();
                break;
            case EmptyDict:
                Push(new PickleDict());
                break;
            case Dict:
                Push(SetItemsOn(new PickleDict(), PopToMark()));
                break;
            case SetItem:
                SetItemOnTop();
                break;
            case SetItems:
                var items = PopToMark();
                SetItemsOn(AsDict(Peek()), items);
                break;
            case EmptySet:
                Push(new HashSet<object>());
                break;
            case AddItems:
                AddToSet();
                break;

            case BinPut:
                _memo[_input.ReadUInt8()] = Peek();
                break;
            case LongBinPut:
                _memo[_input.ReadUInt32()] = Peek();
                break;
            case Memoize:
                _memo[_memo.Count] = Peek();
                break;
            case BinGet:
                Push(Recall(_input.ReadUInt8()));
                break;
            case LongBinGet:
                Push(Recall(_input.ReadUInt32()));
                break;

            case Global:
                var module = _input.ReadLine();
                Push(resolveGlobal(module, _input.ReadLine()));
                break;
            case StackGlobal:
                var name = PopValue() as string ?? throw Fail("STACK_GLOBAL needs string names");
                Push(resolveGlobal(PopValue() as string ?? throw Fail("STACK_GLOBAL needs string names"), name));
                break;
            case BinPersId:
                Push(persistentLoad(PopValue()));
                break;
            case Reduce:
                var arguments = PopValue() as object?[] ?? throw Fail("REDUCE needs an argument tuple");
                Push(Call(PopValue(), arguments));
                break;
            case NewObj:
                var newArguments = PopValue() as object?[] ?? throw Fail("NEWOBJ needs an argument tuple");
                Push(Call(PopValue(), newArguments));
                break;
            case Build:
                BuildTop();
                break;

            default:
                throw Fail($"unsupported pickle opcode 0x{opcode:x2} at offset {offset}");
        }
    }

    private object? Call(object? callable, object?[] arguments) =>
        callable is PickleCallable allowed
            ? allowed.Invoke(arguments)
            : throw Fail($"cannot call a {Describe(callable)}");

    private void BuildTop()
    {
        var state = PopValue();
        if (Peek() is not PickleDict target)
            throw Fail($"BUILD on a {Describe(Peek())} is not allowed");
        target.State = state;
    }

    private void AppendOne()
    {
        var value = PopValue();
        AsList(Peek()).Add(value);
    }

    private void AppendMany()
    {
        var values = PopToMark();
        AsList(Peek()).AddRange(values);
    }

    private void AddToSet()
    {
        var values = PopToMark();
        if (Peek() is not HashSet<object> set)
            throw Fail("ADDITEMS needs a set");
        foreach (var value in values)
            set.Add(value ?? throw Fail("None in a set is not supported"));
    }

    private void SetItemOnTop()
    {
        var value = PopValue();
        var key = PopValue();
        SetItemsOn(AsDict(Peek()), [key, value]);
    }

    private PickleDict SetItemsOn(PickleDict dict, object?[] keysAndValues)
    {
        if (keysAndValues.Length % 2 != 0)
            throw Fail("SETITEMS with an odd number of values");
        for (var i = 0; i < keysAndValues.Length; i += 2)
            dict.Items[keysAndValues[i] ?? throw Fail("None as a dict key is not supported")] = keysAndValues[i + 1];
        return dict;
    }

    private static object ReadLongValue(ReadOnlySpan<byte> bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private object ReadLong(long byteCount) =>
        byteCount < 0 ? throw Fail("negative LONG4 length") : ReadLongValue(_input.Take(byteCount));

    private long CheckedLength(ulong length) =>
        length > int.MaxValue ? throw Fail($"a {length}-byte value is too large") : (long)length;

    private static string Latin1(ReadOnlySpan<byte> bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    private object? Recall(long key) =>
        _memo.TryGetValue(key, out var value) ? value : throw Fail($"memo key {key} was never stored");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() =>
        _stack.Count > (_marks.Count > 0 ? _marks.Peek() : 0) ? _stack[^1] : throw Fail("stack underflow");

    private object? PopValue()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopMany(int count)
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count - floor < count)
            throw Fail("stack underflow");
        var values = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return values;
    }

    private object?[] PopToMark()
    {
        if (_marks.Count == 0)
            throw Fail("no MARK on the stack");
        var mark = _marks.Pop();
        var values = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return values;
    }

    private List<object?> AsList(object? value) =>
        value as List<object?> ?? throw Fail($"expected a list, found a {Describe(value)}");

    private PickleDict AsDict(object? value) =>
        value as PickleDict ?? throw Fail($"expected a dict, found a {Describe(value)}");

    private static string Describe(object? value) =>
        value switch
        {
            null => "None",
            PickleCallable callable => callable.FullName,
            _ => value.GetType().Name,
        };

    private MlopsException Fail(string what) => new($"malformed pickle: {what}", where);
}
