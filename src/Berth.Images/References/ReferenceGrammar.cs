using System.Text.RegularExpressions;

namespace Berth.Images.References;

/// <summary>
/// The reference grammar of distribution/reference (regexp.go), spelled for .NET: Go's <c>\w</c> and
/// <c>[[:xdigit:]]</c> are ASCII-only, so they are written out as classes, and <c>\z</c> stands for Go's
/// <c>$</c>, which (unlike .NET's) never matches before a trailing newline. Go picks the submatches a
/// backtracking engine would, so the captured domain and path are the same ones Docker gets.
/// </summary>
internal static partial class ReferenceGrammar
{
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string RemoteName = PathComponent + "(?:/" + PathComponent + ")*";
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string DomainName = DomainComponent + @"(?:\." + DomainComponent + ")*";
    private const string Ipv6Address = @"\[(?:[a-fA-F0-9:]+)\]";
    private const string DomainAndPort = "(?:" + DomainName + "|" + Ipv6Address + ")(?::[0-9]+)?";
    private const string TagPattern = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /// <summary>name[:tag][@digest], capturing <c>name</c>, <c>tag</c> and <c>digest</c>.</summary>
    [GeneratedRegex("^(?<name>(?:" + DomainAndPort + "/)?" + RemoteName + ")(?::(?<tag>" + TagPattern + "))?(?:@(?<digest>" + DigestPattern + @"))?\z")]
    public static partial Regex Reference();

    /// <summary>A name alone, capturing its <c>domain</c> (when there is one) and <c>path</c>.</summary>
    [GeneratedRegex("^(?:(?<domain>" + DomainAndPort + ")/)?(?<path>" + RemoteName + @")\z")]
    public static partial Regex Name();

    [GeneratedRegex("^" + TagPattern + @"\z")]
    public static partial Regex Tag();
}
