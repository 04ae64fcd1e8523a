using System.Globalization;
using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary>Signal names and numbers as <c>docker kill -s</c> and <c>--stop-signal</c> accept them (Linux, x86 and arm numbering).</summary>
public static class Signals
{
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["ABRT"] = 6, ["ALRM"] = 14, ["BUS"] = 7, ["CHLD"] = 17, ["CLD"] = 17, ["CONT"] = 18, ["FPE"] = 8, ["HUP"] = 1,
        ["ILL"] = 4, ["INT"] = 2, ["IO"] = 29, ["IOT"] = 6, ["KILL"] = 9, ["PIPE"] = 13, ["POLL"] = 29, ["PROF"] = 27,
        ["PWR"] = 30, ["QUIT"] = 3, ["SEGV"] = 11, ["STKFLT"] = 16, ["STOP"] = 19, ["SYS"] = 31, ["TERM"] = 15,
        ["TRAP"] = 5, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22, ["URG"] = 23, ["USR1"] = 10, ["USR2"] = 12,
        ["VTALRM"] = 26, ["WINCH"] = 28, ["XCPU"] = 24, ["XFSZ"] = 25,
    };

    /// <summary>The signal's number: a name with or without SIG (any case), RTMIN+n, or a number from 1 to 64.</summary>
    /// <exception cref="BerthException">InvalidArgument, in Docker's words.</exception>
    public static int Parse(string signal)
    {
        if (int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return number is >= 1 and <= 64 ? number : throw BerthException.Invalid($"Invalid signal: {signal}");
        var name = signal.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal)) name = name[3..];
        if (Numbers.TryGetValue(name, out number)) return number;
        if (name.StartsWith("RTMIN+", StringComparison.Ordinal) && int.TryParse(name[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= 30)
            return 34 + offset;
        throw BerthException.Invalid($"Invalid signal: {signal}");
    }

    /// <summary>The signal as a number the runtimes take whatever spelling the user chose.</summary>
    public static string Validate(string signal) => Parse(signal).ToString(CultureInfo.InvariantCulture);
}
