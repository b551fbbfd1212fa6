using System.Text;
using Mlops.Core.Errors;
using Mlops.Torch.Serialization.Pickle;

namespace Mlops.Torch.Tests.Serialization;

public sealed class RestrictedUnpicklerTests
{
    private static object? Load(byte[] pickle, Func<string, string, object>? resolve = null) =>
        new RestrictedUnpickler(
            pickle,
            "test.pkl",
            resolve
                ?? ((module, name) => throw new MlopsException($"refused pickle global '{module}.{name}'", "test.pkl")),
            _ => throw new MlopsException("no persistent ids here", "test.pkl")
        ).Load();

    private static byte[] Bytes(params object[] parts) =>
        parts
            .SelectMany(p =>
                p switch
                {
                    byte b => [b],
                    int i => [(byte)i],
                    string s => Encoding.UTF8.GetBytes(s),
                    byte[] bytes => bytes,
                    _ => throw new ArgumentException(p.ToString()),
                }
            )
            .ToArray();

    [Fact]
    public void Builds_dicts_lists_tuples_numbers_strings_and_memo_references()
    {
        // {'a': [1, -2, 70000, 2**70], 'b': ('x', True, None, 0.5), 'c': <memo of the list>} with protocol 2
        var pickle = Bytes(
            0x80,
            2,
            "}q\x00(X",
            new byte[] { 1, 0, 0, 0 },
            "a",
            "]q\x01(K\x01J",
            new byte[] { 0xfe, 0xff, 0xff, 0xff },
            "J",
            new byte[] { 0x70, 0x11, 0x01, 0x00 },
            0x8a,
            9,
            new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0x40 },
            "e",
            "X",
            new byte[] { 1, 0, 0, 0 },
            "b",
            "(X",
            new byte[] { 1, 0, 0, 0 },
            "x",
            0x88,
            "NG",
            new byte[] { 0x3f, 0xe0, 0, 0, 0, 0, 0, 0 },
            "t",
            "X",
            new byte[] { 1, 0, 0, 0 },
            "c",
            "h\x01u."
        );

        var root = Load(pickle).Should().BeOfType<PickleDict>().Subject;

        root.Items.Keys.Should().Equal("a", "b", "c");
        var list = root.Items["a"].Should().BeOfType<List<object?>>().Subject;
        list.Take(3).Should().Equal(1L, -2L, 70000L);
        list[3].Should().Be(System.Numerics.BigInteger.Pow(2, 70));
        root.Items["b"].Should().BeEquivalentTo(new object?[] { "x", true, null, 0.5 });
        root.Items["c"].Should().BeSameAs(list);
    }

    [Theory]
    [InlineData("builtins", "eval")]
    [InlineData("os", "system")]
    [InlineData("subprocess", "Popen")]
    public void Every_global_goes_through_the_resolver_which_can_refuse_it(string module, string name)
    {
        var pickle = Bytes(0x80, 2, $"c{module}\n{name}\n", "(X", new byte[] { 2, 0, 0, 0 }, "ls", "tR.");

        var act = () => Load(pickle);

        act.Should().Throw<MlopsException>().WithMessage($"refused pickle global '{module}.{name}'");
    }

    [Fact]
    public void Protocol_4_stack_global_is_also_resolved_by_name()
    {
        var pickle = Bytes(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, ".");

        var act = () => Load(pickle);

        act.Should().Throw<MlopsException>().WithMessage("refused pickle global 'os.system'");
    }

    [Fact]
    public void Calling_something_that_is_not_an_allowed_callable_is_refused()
    {
        // REDUCE with a string as the callable
        var pickle = Bytes(0x80, 2, "X", new byte[] { 1, 0, 0, 0 }, "f", ")R.");

        var act = () => Load(pickle);

        act.Should().Throw<MlopsException>().WithMessage("malformed pickle: cannot call a String");
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 2, (byte)'X', 200, 0, 0, 0, (byte)'a' }, "truncated")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N' }, "truncated")]
    [InlineData(new byte[] { 0x80, 2, (byte)'i', (byte)'.' }, "unsupported pickle opcode 0x69")]
    [InlineData(new byte[] { 0x80, 2, (byte)'h', 5, (byte)'.' }, "memo key 5 was never stored")]
    [InlineData(new byte[] { 0x80, 2, (byte)'t', (byte)'.' }, "no MARK")]
    [InlineData(new byte[] { 0x80, 2, (byte)'N', (byte)'N', (byte)'.' }, "2 values on the stack")]
    public void Malformed_pickles_fail_with_a_clear_message(byte[] pickle, string expected)
    {
        var act = () => Load(pickle);

        act.Should().Throw<MlopsException>().Where(e => e.Message.Contains(expected) && e.Where == "test.pkl");
    }
}
