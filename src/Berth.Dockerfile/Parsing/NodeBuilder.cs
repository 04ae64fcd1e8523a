namespace Berth.Dockerfile.Parsing;

/// <summary>
/// Turns one logical line into a <see cref="SyntaxNode"/>: keyword, flags, then the arguments split the way
/// that instruction splits them (BuildKit's dispatch table). Unknown keywords are kept with no arguments so
/// the instruction layer can report them with a suggestion.
/// </summary>
internal static class NodeBuilder
{
    public static SyntaxNode Build(string line, char escapeToken, int startLine, int endLine)
    {
        var trimmed = line.Trim();
        var parts = ArgumentSplitter.FirstWhitespace(trimmed);
        var keyword = parts[0];
        IReadOnlyList<string> flags = [];
        var rest = "";
        if (parts.Length == 2)
        {
            (flags, rest) = FlagExtractor.Extract(parts[1], escapeToken);
            rest = rest.Trim();
        }

        var args = new List<string>();
        var isJson = false;
        SyntaxNode? trigger = null;
        switch (keyword.ToLowerInvariant())
        {
            case "add" or "copy" or "volume":
                isJson = MaybeJsonToList(rest, args);
                break;
            case "run" or "cmd" or "entrypoint" or "shell":
                isJson = MaybeJson(rest, args);
                break;
            case "arg":
                args.AddRange(ArgumentSplitter.QuotedWords(rest, escapeToken));
                break;
            case "env":
                NameValues(rest, "ENV", escapeToken, args);
                break;
            case "label":
                NameValues(rest, "LABEL", escapeToken, args);
                break;
            case "expose" or "from":
                args.AddRange(ArgumentSplitter.Whitespace(rest));
                break;
            case "maintainer" or "stopsignal" or "user" or "workdir":
                if (rest.Length > 0)
                {
                    args.Add(rest);
                }
                break;
            case "healthcheck":
                isJson = HealthConfig(rest, args);
                break;
            case "onbuild":
                if (rest.Length > 0)
                {
                    trigger = Build(rest, escapeToken, startLine, endLine);
                    args.Add(trigger.Keyword);
                    args.AddRange(trigger.Args);
                }
                break;
        }
        return new SyntaxNode(keyword, line, flags, args, isJson, [], startLine, endLine, trigger);
    }

    private static bool MaybeJson(string rest, List<string> args)
    {
        if (rest.Length == 0)
        {
            return false;
        }
        if (ArgumentSplitter.JsonArray(rest) is { } json)
        {
            args.AddRange(json);
            return true;
        }
        args.Add(rest);
        return false;
    }

    private static bool MaybeJsonToList(string rest, List<string> args)
    {
        if (ArgumentSplitter.JsonArray(rest) is { } json)
        {
            args.AddRange(json);
            return true;
        }
        args.AddRange(ArgumentSplitter.Whitespace(rest));
        return false;
    }

    /// <summary>HEALTHCHECK: the type word, then the command in exec or shell form.</summary>
    private static bool HealthConfig(string rest, List<string> args)
    {
        var separator = 0;
        while (separator < rest.Length && !char.IsWhiteSpace(rest[separator]))
        {
            separator++;
        }
        if (separator == 0)
        {
            return false;
        }
        var next = separator;
        while (next < rest.Length && char.IsWhiteSpace(rest[next]))
        {
            next++;
        }
        args.Add(rest[..separator]);
        return MaybeJson(rest[next..], args);
    }

    /// <summary>
    /// ENV and LABEL: either <c>KEY=value ...</c> (quotes kept for expansion to remove) or the legacy
    /// <c>KEY value with spaces</c>, told apart by whether the first word holds an "=".
    /// </summary>
    private static void NameValues(string rest, string instruction, char escapeToken, List<string> args)
    {
        var words = ArgumentSplitter.QuotedWords(rest, escapeToken);
        if (words.Count == 0)
        {
            return;
        }
        if (!words[0].Contains('='))
        {
            var parts = ArgumentSplitter.FirstWhitespace(rest);
            if (parts.Length < 2)
            {
                throw new NodeException($"{instruction} must have two arguments");
            }
            args.AddRange([parts[0], parts[1], ""]);
            return;
        }
        foreach (var word in words)
        {
            var eq = word.IndexOf('=');
            if (eq < 0)
            {
                throw new NodeException($"Syntax error - can't find = in {GoFormat.Quote(word)}. Must be of the form: name=value");
            }
            args.AddRange([word[..eq], word[(eq + 1)..], "="]);
        }
    }
}
