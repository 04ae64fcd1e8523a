namespace Berth.Cli.Commands.Build.Progress;

/// <summary>How <c>berth build</c> shows the build: BuildKit's plain log, its terminal view, or only the image ID.</summary>
internal enum ProgressMode
{
    Plain,
    Tty,
    Quiet,
}

internal static class ProgressModes
{
    /// <summary>
    /// <c>--progress</c> and <c>-q</c> to a mode. As docker's: <c>auto</c> is <c>tty</c> when the progress stream
    /// (stderr) is a terminal and <c>plain</c> otherwise; <c>-q</c> wins over everything.
    /// </summary>
    public static ProgressMode Resolve(string value, bool quietFlag, bool stderrIsTerminal)
    {
        var mode = value switch
        {
            "auto" => stderrIsTerminal ? ProgressMode.Tty : ProgressMode.Plain,
            "plain" => ProgressMode.Plain,
            "tty" => ProgressMode.Tty,
            "quiet" => ProgressMode.Quiet,
            _ => throw new CliUsageException($"invalid progress mode \"{value}\": expected auto, plain, tty or quiet"),
        };
        return quietFlag ? ProgressMode.Quiet : mode;
    }
}
