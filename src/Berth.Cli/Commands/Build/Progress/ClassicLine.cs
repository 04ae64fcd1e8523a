using System.Text.RegularExpressions;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>One line of the classic builder's stream, recognised.</summary>
internal abstract record ClassicLine
{
    /// <summary><c>Step 2/4 : RUN echo hi</c>.</summary>
    public sealed record Step(int Number, int Count, string Instruction) : ClassicLine;

    /// <summary><c> ---> Using cache</c>.</summary>
    public sealed record UsingCache : ClassicLine;

    /// <summary><c> ---> Running in 0123abcd</c>.</summary>
    public sealed record RunningIn : ClassicLine;

    /// <summary><c> ---> 9f725ea71e9f</c>: the step's image, the step is over.</summary>
    public sealed record StepResult : ClassicLine;

    /// <summary><c>Successfully built 9f725ea71e9f</c>.</summary>
    public sealed record Built : ClassicLine;

    /// <summary><c>Successfully tagged x:1</c>.</summary>
    public sealed record Tagged(string Tag) : ClassicLine;

    /// <summary>Anything else: output of the step's process.</summary>
    public sealed record Output(string Text) : ClassicLine;
}

internal static partial class ClassicLines
{
    /// <summary>
    /// The line's parts: usually one, but two when a RUN's last output had no newline and the daemon's
    /// <c> ---> </c> line was glued to it (the output first, then the marker).
    /// </summary>
    public static IEnumerable<ClassicLine> Parse(string line)
    {
        if (StepPattern().Match(line) is { Success: true } step)
        {
            yield return new ClassicLine.Step(int.Parse(step.Groups[1].ValueSpan), int.Parse(step.Groups[2].ValueSpan), step.Groups[3].Value);
            yield break;
        }
        if (line.StartsWith("Successfully built ", StringComparison.Ordinal))
        {
            yield return new ClassicLine.Built();
            yield break;
        }
        if (line.StartsWith("Successfully tagged ", StringComparison.Ordinal))
        {
            yield return new ClassicLine.Tagged(line["Successfully tagged ".Length..]);
            yield break;
        }
        if (MarkerPattern().Match(line) is not { Success: true } marker)
        {
            yield return new ClassicLine.Output(line);
            yield break;
        }
        if (marker.Groups[1].Length > 0) yield return new ClassicLine.Output(marker.Groups[1].Value);
        var what = marker.Groups[2].Value;
        if (what == "Using cache") yield return new ClassicLine.UsingCache();
        else if (what.StartsWith("Running in", StringComparison.Ordinal)) yield return new ClassicLine.RunningIn();
        else yield return new ClassicLine.StepResult();
    }

    [GeneratedRegex(@"^Step (\d+)/(\d+) : (.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"^(.*?) ---> (Using cache|Running in [0-9a-f]+|[0-9a-f]{12})$", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
