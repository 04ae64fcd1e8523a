using System.Globalization;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>One Dockerfile step as both progress views show it: a BuildKit vertex with its name, times and output.</summary>
internal sealed class BuildStep(int number, string name, DateTimeOffset started)
{
    /// <summary>The vertex's number (<c>#2</c>): steps are numbered in the order they start.</summary>
    public int Number { get; } = number;

    /// <summary><c>[2/4] RUN echo hi</c>.</summary>
    public string Name { get; } = name;

    public DateTimeOffset Started { get; } = started;

    /// <summary>When the step ended (done, cached or failed); null while it runs.</summary>
    public DateTimeOffset? Ended { get; set; }

    public bool Cached { get; set; }

    public bool Failed { get; set; }

    public List<StepLog> Logs { get; } = [];
}

/// <summary>A line of a step's output and how long after the step started it began.</summary>
internal sealed record StepLog(TimeSpan Offset, string Text)
{
    /// <summary><c>0.215 hi</c>, as BuildKit stamps a vertex's log lines.</summary>
    public string Stamped => $"{Math.Max(0, Offset.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture)} {Text}";
}
