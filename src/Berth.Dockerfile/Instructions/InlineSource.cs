namespace Berth.Dockerfile.Instructions;

/// <summary>A COPY/ADD source given as a heredoc: a file named <paramref name="Name"/> holding <paramref name="Data"/>.</summary>
/// <param name="Data">The body, tabs already stripped for <c>&lt;&lt;-</c>.</param>
/// <param name="Expand">Whether variables in the body expand (the delimiter was not quoted).</param>
internal sealed record InlineSource(string Name, string Data, bool Expand);
