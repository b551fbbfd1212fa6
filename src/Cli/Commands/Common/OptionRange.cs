using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Mlops.Core.Errors;

namespace Mlops.Cli.Commands.Common;

/// <summary>Number options checked against their range before any work, the error naming the option as the user typed
/// it.</summary>
public static class OptionRange
{
    /// <summary>Refuses a value the work would only trip over later: a port Kestrel cannot bind, a batch of 0 rows,
    /// NaN.</summary>
    public static T InRange<T>(this ParseResult parse, Option<T> option, T min, T max)
        where T : INumber<T>
    {
        var value = parse.GetValue(option)!;
        return value >= min && value <= max
            ? value
            : throw new MlopsException(
                string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, got {value}"),
                option.Name
            );
    }

    /// <summary>The same for an option that may be left out (null stays null) and has no upper bound.</summary>
    public static T? AtLeast<T>(this ParseResult parse, Option<T?> option, T min)
        where T : struct, INumber<T> =>
        parse.GetValue(option) is not { } value || value >= min
            ? parse.GetValue(option)
            : throw new MlopsException(
                string.Create(CultureInfo.InvariantCulture, $"must be at least {min}, got {value}"),
                option.Name
            );
}
