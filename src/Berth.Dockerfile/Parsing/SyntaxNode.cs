namespace Berth.Dockerfile.Parsing;

/// <summary>
/// One instruction as the line parser sees it, before it is typed: BuildKit's parser.Node flattened.
/// </summary>
/// <param name="Keyword">The instruction word as written (<c>run</c>, <c>RUN</c>, or an unknown word).</param>
/// <param name="Original">The logical line: continuation lines joined, escape tokens and comments removed.</param>
/// <param name="Flags">The leading <c>--name=value</c> words, unquoted.</param>
/// <param name="Args">
/// The arguments in BuildKit's flat shape: for ENV and LABEL triples of key, value and "=" (or "" for the
/// legacy <c>KEY value</c> form); for HEALTHCHECK the type then the command; for ONBUILD the trigger's
/// keyword then its arguments.
/// </param>
/// <param name="IsJson">The arguments came from a JSON array (exec form).</param>
/// <param name="Trigger">For ONBUILD, the wrapped instruction.</param>
internal sealed record SyntaxNode(
    string Keyword,
    string Original,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> Args,
    bool IsJson,
    IReadOnlyList<Heredoc> Heredocs,
    int StartLine,
    int EndLine,
    SyntaxNode? Trigger)
{
    /// <summary>Whether heredoc markers on this line take bodies (RUN, COPY, ADD, also as ONBUILD triggers).</summary>
    public bool CanContainHeredoc
    {
        get
        {
            var node = Keyword.Equals("onbuild", StringComparison.OrdinalIgnoreCase) && Trigger is not null ? Trigger : this;
            return !node.IsJson && node.Keyword.ToLowerInvariant() is "run" or "copy" or "add";
        }
    }
}
