namespace Berth.Dockerfile.Parsing;

/// <summary>
/// A here-document attached to an instruction (<c>RUN &lt;&lt;EOF</c>, <c>COPY &lt;&lt;-"EOF" /dst</c>).
/// </summary>
/// <param name="Name">The delimiter word with its quotes removed.</param>
/// <param name="FileDescriptor">The number before <c>&lt;&lt;</c> (<c>3&lt;&lt;EOF</c>), 0 when absent.</param>
/// <param name="Expand">False when the delimiter was quoted: the body is then taken literally.</param>
/// <param name="Chomp">True for <c>&lt;&lt;-</c>: leading tabs are stripped from the body and the delimiter line.</param>
/// <param name="Content">The body as written, each line ending in its newline, leading tabs not yet stripped.</param>
internal sealed record Heredoc(string Name, int FileDescriptor, bool Expand, bool Chomp, string Content)
{
    /// <summary>The body as the instruction uses it: with leading tabs stripped when <see cref="Chomp"/> is set.</summary>
    public string EffectiveContent() => Chomp ? HeredocMarkers.StripLeadingTabs(Content) : Content;
}
