using Berth.Dockerfile.Parsing;
using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Instructions;

/// <summary>COPY and ADD: flags, sources (paths and heredocs) and destination.</summary>
internal static partial class InstructionReader
{
    private static (List<string> Sources, List<InlineSource> Inline, string Destination) SourcesAndDestination(NodeContext context, string name)
    {
        var args = context.Node.Args;
        var destination = args[^1];
        if (HeredocMarker(destination) is not null)
        {
            throw context.Error($"{name} cannot accept a heredoc as a destination");
        }
        var sources = new List<string>();
        var inline = new List<InlineSource>();
        foreach (var source in args.Take(args.Count - 1))
        {
            if (HeredocMarker(source) is { } marker)
            {
                var body = context.Node.Heredocs.LastOrDefault(h => h.Name == marker.Name);
                var data = body?.Content ?? "";
                inline.Add(new InlineSource(marker.Name, marker.Chomp ? HeredocMarkers.StripLeadingTabs(data) : data, marker.Expand));
            }
            else
            {
                sources.Add(source);
            }
        }
        return (sources, inline, destination);
    }

    private static Heredoc? HeredocMarker(string word)
    {
        try
        {
            return HeredocMarkers.Parse(word);
        }
        catch (ShellExpansionException)
        {
            return null;
        }
    }

    private static AddInstruction ReadAdd(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        if (node.Args.Count < 2)
        {
            throw context.Error("ADD requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        flags.AddString("chown");
        flags.AddString("chmod");
        flags.AddBool("link");
        flags.AddBool("keep-git-dir");
        flags.AddString("checksum");
        flags.AddBool("unpack");
        flags.AddStrings("exclude");
        flags.Parse();
        var (sources, inline, destination) = SourcesAndDestination(context, "ADD");
        return new AddInstruction
        {
            Sources = sources,
            InlineSources = inline,
            Destination = destination,
            Chown = NullIfEmpty(flags.String("chown")),
            Chmod = NullIfEmpty(flags.String("chmod")),
            Checksum = NullIfEmpty(flags.String("checksum")),
            Link = flags.Bool("link") ?? false,
            KeepGitDir = flags.Bool("keep-git-dir"),
            Unpack = flags.Bool("unpack"),
            Excludes = flags.Strings("exclude"),
            IsJson = node.IsJson,
            File = context.File,
            StartLine = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }

    private static CopyInstruction ReadCopy(NodeContext context, InstructionFlags flags)
    {
        var node = context.Node;
        if (node.Args.Count < 2)
        {
            throw context.Error("COPY requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        flags.AddString("chown");
        flags.AddString("from");
        flags.AddString("chmod");
        flags.AddBool("link");
        flags.AddStrings("exclude");
        flags.AddBool("parents");
        flags.Parse();
        var (sources, inline, destination) = SourcesAndDestination(context, "COPY");
        return new CopyInstruction
        {
            Sources = sources,
            InlineSources = inline,
            Destination = destination,
            From = NullIfEmpty(flags.String("from")),
            Chown = NullIfEmpty(flags.String("chown")),
            Chmod = NullIfEmpty(flags.String("chmod")),
            Link = flags.Bool("link") ?? false,
            Parents = flags.Bool("parents") ?? false,
            Excludes = flags.Strings("exclude"),
            IsJson = node.IsJson,
            File = context.File,
            StartLine = node.StartLine,
            EndLine = node.EndLine,
            Original = node.Original,
        };
    }
}
